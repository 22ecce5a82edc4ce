// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/**
 * @title UsdtLikeToken
 * @notice Test-only token that approves like Tether's USDT: `approve`, `transfer` and `transferFrom` return nothing,
 * and `approve` reverts when it would change a non-zero allowance to another non-zero value (set it to 0 first).
 * With {setIgnoreApprovals} on, `approve` succeeds without changing anything (a token whose approvals do not take).
 */
contract UsdtLikeToken {
    /// @notice Token balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances (owner, spender).
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Total supply.
    uint256 public totalSupply;
    /// @notice When set, `approve` changes nothing.
    bool public ignoreApprovals;

    /// @notice ERC-20 Transfer.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 Approval.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice USDT's symbol.
    function symbol() external pure returns (string memory) {
        return "USDT";
    }

    /// @notice 6 decimals, like USDT.
    function decimals() external pure returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Turns ignoring approvals on or off (test only).
    function setIgnoreApprovals(bool on) external {
        ignoreApprovals = on;
    }

    /// @notice Approves `spender` for `value` (returns nothing); from non-zero to non-zero reverts, like USDT.
    function approve(address spender, uint256 value) external {
        require(value == 0 || allowance[msg.sender][spender] == 0, "USDT: set the allowance to 0 first");
        if (ignoreApprovals) return;
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    /// @notice Transfers `value` to `to` (returns nothing, reverts on failure).
    function transfer(address to, uint256 value) external {
        _move(msg.sender, to, value);
    }

    /// @notice Transfers `value` from `from` to `to` with an allowance (returns nothing, reverts on failure).
    function transferFrom(address from, address to, uint256 value) external {
        uint256 a = allowance[from][msg.sender];
        require(a >= value, "allowance");
        allowance[from][msg.sender] = a - value;
        _move(from, to, value);
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
