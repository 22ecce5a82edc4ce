// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/**
 * @title ReentrancyAttack
 * @notice Test-only attacker (after OpenZeppelin's mocks/ReentrancyAttack.sol): a contract that is a channel
 * party and, when the channel pays it, calls the channel again from its receive function with calldata chosen
 * by the test (a second `withdraw`, a second `cooperativeClose`, ...). The re-entrant call's outcome is recorded
 * instead of reverting, so the outer payment goes through and the test can check the attacker gained nothing.
 *
 * A cooperative close forwards a bounded amount of gas to each payout, so `receive` is frugal enough to re-enter
 * within it: the re-entry calldata lives in the code of a small data contract (one cold account access instead
 * of a cold storage read per word) and the record is one packed storage slot.
 */
contract ReentrancyAttack {
    /// @notice The channel contract this attacker plays against.
    address public immutable channel;
    /// @notice Total wei received from the channel.
    uint128 public received;
    /// @notice How many re-entrant calls were attempted.
    uint32 public attempts;
    /// @notice How many re-entrant calls succeeded.
    uint32 public successes;
    /// @notice The first 4 bytes (a custom error's selector) of the last re-entrant call's return or revert data.
    bytes4 public lastSelector;
    /// @dev Contract whose code is a zero byte followed by the re-entry calldata (zero address: no re-entry).
    address private _reentry;

    /// @notice A channel call made on the test's behalf failed with `data`.
    error CallFailed(bytes data);
    /// @notice Storing the re-entry calldata failed.
    error StoreFailed();

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
     * @notice Sets the calldata replayed against the channel from {receive} (empty: no re-entry).
     *
     * Requirements: none (test helper).
     */
    function setReentry(bytes calldata data) external {
        if (data.length == 0) {
            _reentry = address(0);
            return;
        }
        // Creation code that returns its tail as the runtime code: PUSH2 len, DUP1, PUSH1 12, PUSH1 0,
        // CODECOPY, PUSH1 0, RETURN; the tail is a zero byte (no 0xEF start) and the data.
        bytes memory init = abi.encodePacked(
            hex"61",
            uint16(data.length + 1),
            hex"80600c6000396000f3",
            hex"00",
            data
        );
        address a;
        assembly ("memory-safe") {
            a := create(0, add(init, 32), mload(init))
        }
        if (a == address(0)) revert StoreFailed();
        _reentry = a;
    }

    /// @notice Receives a payment and re-enters the channel once per payment with the re-entry calldata.
    receive() external payable {
        uint128 got = received + uint128(msg.value);
        address r = _reentry;
        if (msg.sender != channel || r == address(0)) {
            received = got;
            return;
        }
        bytes memory data = new bytes(r.code.length - 1);
        assembly ("memory-safe") {
            extcodecopy(r, add(data, 32), 1, mload(data))
        }
        (bool ok, bytes memory ret) = channel.call(data);
        bytes4 sel;
        if (ret.length >= 4) sel = bytes4(ret);
        received = got;
        attempts++;
        if (ok) successes++;
        lastSelector = sel;
    }
}
