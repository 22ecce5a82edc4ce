// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/**
 * @title NoReceive
 * @notice Test-only channel party that is a contract without `receive` or `fallback`: every plain ether
 * transfer to it reverts (with no data). It can still act in a channel through {act}.
 */
contract NoReceive {
    /// @notice The channel contract this party plays against.
    address public immutable channel;

    /// @notice A channel call made on the test's behalf failed with `data`.
    error CallFailed(bytes data);

    /// @param channel_ The DuplexChannel address.
    constructor(address channel_) {
        channel = channel_;
    }

    /**
     * @notice Forwards `data` with `msg.value` to the channel as this contract (open, deposit, withdraw...).
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
}
