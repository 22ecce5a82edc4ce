// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestUSD
 * @notice The development chain's test token: a standard OpenZeppelin ERC-20 named "Test USD", symbol tUSD, with
 * 6 decimals like USDC and USDT. The whole supply is minted at deployment to the given holders; there is no mint
 * afterwards, so the supply is fixed. It has no value: the host deploys it only on its embedded development chain.
 */
contract TestUSD is ERC20 {
    /// @notice The holders and amounts given to the constructor differ in length.
    error HoldersAmountsMismatch(uint256 holders, uint256 amounts);

    /**
     * @notice Mints `amounts[i]` (in units of 10^-6 tUSD) to `holders[i]`.
     *
     * Requirements:
     * - `holders` and `amounts` have the same length;
     * - no holder is the zero address (OpenZeppelin's ERC20InvalidReceiver).
     *
     * Emits a {Transfer} event from the zero address for each holder.
     */
    constructor(address[] memory holders, uint256[] memory amounts) ERC20("Test USD", "tUSD") {
        if (holders.length != amounts.length) revert HoldersAmountsMismatch(holders.length, amounts.length);
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amounts[i]);
        }
    }

    /// @notice 6 decimals: one tUSD is 1,000,000 units.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
