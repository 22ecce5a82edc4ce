// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/**
 * @title ReentrancyAttack
 * @notice Test-only attacker (after OpenZeppelin's mocks/ReentrancyAttack.sol): a contract that is a channel
 * party and, when the channel pays it, calls the channel again from its receive function with calldata chosen
 * by the test (a second `withdraw`, a second `cooperativeClose`, ...). The re-entrant call's outcome is recorded
 * instead of reverting, so the outer payment goes through and the test can check the attacker gained nothing.
 */
contract ReentrancyAttack {
    /// @notice The channel contract this attacker plays against.
    address public immutable channel;
    /// @notice Calldata sent back to the channel on the next payment (empty: no re-entry).
    bytes public reentry;
    /// @notice How many re-entrant calls were attempted.
    uint256 public attempts;
    /// @notice How many re-entrant calls succeeded.
    uint256 public successes;
    /// @notice Return or revert data of the last re-entrant call.
    bytes public lastResult;
    /// @notice Total wei received from the channel.
    uint256 public received;

    /// @notice A channel call made on the test's behalf failed with `data`.
    error CallFailed(bytes data);

    /// @param channel_ The DuplexChannel address.
    constructor(address channel_) {
        channel = channel_;
    }

    /**
     * @notice Forwards `data` with `msg.value` to the channel as this contract (open, deposit, claim, withdraw...).
     *
     * Requirements:
     *
     * - the channel call succeeds (its revert data is bubbled up in {CallFailed}).
     */
    function act(bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = channel.call{value: msg.value}(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    /**
     * @notice Sets the calldata replayed against the channel from {receive}.
     *
     * Requirements: none (test helper).
     */
    function setReentry(bytes calldata data) external {
        reentry = data;
    }

    /// @notice Receives a payment and re-enters the channel once per payment with {reentry}.
    receive() external payable {
        received += msg.value;
        if (msg.sender != channel || reentry.length == 0) return;
        attempts++;
        (bool ok, bytes memory ret) = channel.call(reentry);
        if (ok) successes++;
        lastResult = ret;
    }
}
