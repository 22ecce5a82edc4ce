// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title StandardToken
 * @notice Test-only standard OpenZeppelin ERC-20 with 6 decimals (like USDC) and an open `mint`.
 */
contract StandardToken is ERC20 {
    constructor() ERC20("Test USD", "TUSD") {}

    /// @notice 6 decimals, like USDC and USDT.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to` (anyone may mint: test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/**
 * @title NoReturnToken
 * @notice Test-only USDT-like token: `transfer`, `transferFrom` and `approve` return nothing and revert on failure.
 */
contract NoReturnToken {
    /// @notice Token balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances (owner, spender).
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Total supply.
    uint256 public totalSupply;

    /// @notice ERC-20 Transfer.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 Approval.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice 6 decimals.
    function decimals() external pure returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Approves `spender` for `value` (returns nothing).
    function approve(address spender, uint256 value) external {
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
        if (a != type(uint256).max) allowance[from][msg.sender] = a - value;
        _move(from, to, value);
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}

/**
 * @title FalseReturnToken
 * @notice Test-only token that returns `false` instead of reverting when a transfer fails: short balance or
 * allowance, or a recipient blocked by {setBlocked}.
 */
contract FalseReturnToken {
    /// @notice Token balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances (owner, spender).
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Recipients whose transfers return false.
    mapping(address => bool) public blocked;
    /// @notice Total supply.
    uint256 public totalSupply;

    /// @notice ERC-20 Transfer.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 Approval.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice 18 decimals.
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Blocks (or unblocks) transfers to `account`: they return false.
    function setBlocked(address account, bool b) external {
        blocked[account] = b;
    }

    /// @notice Approves `spender` for `value`.
    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @notice Transfers `value` to `to`; false on failure.
    function transfer(address to, uint256 value) external returns (bool) {
        return _move(msg.sender, to, value);
    }

    /// @notice Transfers `value` from `from` to `to` with an allowance; false on failure.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 a = allowance[from][msg.sender];
        if (a < value) return false;
        if (!_move(from, to, value)) return false;
        if (a != type(uint256).max) allowance[from][msg.sender] = a - value;
        return true;
    }

    function _move(address from, address to, uint256 value) private returns (bool) {
        if (blocked[to] || balanceOf[from] < value) return false;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }
}

/**
 * @title FeeToken
 * @notice Test-only token whose transfers deliver a different amount than asked: less (a fee of `feeBps`, burned:
 * a fee-on-transfer token) or more (a `bonus` minted to the recipient: a rebasing-like token).
 */
contract FeeToken is ERC20 {
    /// @notice Fee in basis points taken from every transfer between holders.
    uint256 public feeBps;
    /// @notice Units minted to the recipient of every transfer between holders.
    uint256 public bonus;

    constructor() ERC20("Fee Token", "FEE") {}

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the fee (basis points) and the bonus.
    function setFee(uint256 feeBps_, uint256 bonus_) external {
        feeBps = feeBps_;
        bonus = bonus_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * feeBps) / 10_000;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
        if (bonus != 0) super._update(address(0), to, bonus);
    }
}

/**
 * @title ReentrantToken
 * @notice Test-only token that is also a channel party: whenever the channel moves its tokens (a `transferFrom`
 * pulling a deposit, a `transfer` paying out), it first calls the channel again with calldata chosen by the test
 * (a nested `depositToken`, `withdraw`, `cooperativeClose`...) and records the outcome instead of reverting.
 *
 * With `skim` set, it plays the double-count attack on a balance-measured deposit: if the nested call succeeded,
 * the outer transfer moves `skim` less, so the contract's balance grows by what the outer call asked while two
 * deposits would be credited. The channel refuses the nested call, so the outer transfer moves everything.
 *
 * Like ReentrancyAttack, the re-entry calldata lives in the code of a small data contract and the record is one
 * packed slot, so a re-entry fits in a bounded payout's gas.
 */
contract ReentrantToken is ERC20 {
    /// @notice The channel contract this token plays against.
    address public immutable channel;
    /// @dev Always 1 (keeps the record slot non-zero so its updates are cheap).
    uint8 private _marker = 1;
    /// @notice How many re-entrant calls were attempted.
    uint32 public attempts;
    /// @notice How many re-entrant calls succeeded.
    uint32 public successes;
    /// @notice The first 4 bytes (a custom error's selector) of the last re-entrant call's return or revert data.
    bytes4 public lastSelector;
    /// @dev Guards against re-entering from the nested call's own transfers.
    bool private _inHook;
    /// @dev Contract whose code is a zero byte followed by the re-entry calldata (zero address: no re-entry).
    address private _reentry;
    /// @notice Units the outer transfer withholds when the nested call succeeded.
    uint256 public skim;

    /// @notice A channel call made on the test's behalf failed with `data`.
    error CallFailed(bytes data);
    /// @notice Storing the re-entry calldata failed.
    error StoreFailed();

    /// @param channel_ The DuplexChannel address (approved without limit to pull this contract's own tokens).
    constructor(address channel_) ERC20("Reentrant Token", "RE") {
        channel = channel_;
        _approve(address(this), channel_, type(uint256).max);
    }

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /**
     * @notice Calls the channel with `data` as this contract (it is a channel party).
     *
     * Requirements:
     *
     * - the channel call succeeds (its revert data is bubbled up in {CallFailed}).
     */
    function act(bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = channel.call(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    /// @notice Sets the calldata replayed against the channel when it moves tokens (empty: none) and the skim.
    function setReentry(bytes calldata data, uint256 skim_) external {
        skim = skim_;
        if (data.length == 0) {
            _reentry = address(0);
            return;
        }
        bytes memory init = abi.encodePacked(hex"61", uint16(data.length + 1), hex"80600c6000396000f3", hex"00", data);
        address a;
        assembly ("memory-safe") {
            a := create(0, add(init, 32), mload(init))
        }
        if (a == address(0)) revert StoreFailed();
        _reentry = a;
    }

    function _update(address from, address to, uint256 value) internal override {
        address r = _reentry;
        if (msg.sender == channel && r != address(0) && !_inHook) {
            _inHook = true;
            bytes memory data = new bytes(r.code.length - 1);
            assembly ("memory-safe") {
                extcodecopy(r, add(data, 32), 1, mload(data))
            }
            (bool ok, bytes memory ret) = channel.call(data);
            bytes4 sel;
            if (ret.length >= 4) sel = bytes4(ret);
            attempts++;
            if (ok) {
                successes++;
                value -= skim;
            }
            lastSelector = sel;
            _inHook = false;
        }
        super._update(from, to, value);
    }
}

/**
 * @title BlockingToken
 * @notice Test-only token with a blocklist (like USDC's): a transfer to a blocked account reverts or burns all the
 * gas it is given, as {setBlocked} says. Other transfers are standard.
 */
contract BlockingToken is ERC20 {
    /// @notice What a transfer to an account does.
    enum Block {
        None,
        Revert,
        BurnGas
    }

    /// @notice The block on each recipient.
    mapping(address => Block) public blocked;

    /// @notice A transfer to a blocked account.
    error Blocked(address account);

    constructor() ERC20("Blocking Token", "BLK") {}

    /// @notice Mints `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets what a transfer to `account` does.
    function setBlocked(address account, Block b) external {
        blocked[account] = b;
    }

    function _update(address from, address to, uint256 value) internal override {
        Block b = blocked[to];
        if (b == Block.Revert) revert Blocked(to);
        if (b == Block.BurnGas) {
            uint256 i;
            while (true) {
                unchecked {
                    i++;
                }
            }
        }
        super._update(from, to, value);
    }
}
