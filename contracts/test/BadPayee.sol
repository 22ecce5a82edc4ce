// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/**
 * @title BadPayee
 * @notice Test-only channel party whose `receive` misbehaves in a way chosen by the test: it accepts, reverts,
 * burns all the gas it is given (an endless loop), answers with a large return-data bomb (returning or
 * reverting), or does honest but heavy work. Used to check that a cooperative close's bounded payouts cannot be
 * turned against the submitter or the other party.
 */
contract BadPayee {
    /// @notice What `receive` does.
    enum Mode {
        Accept,
        Revert,
        BurnGas,
        ReturnBomb,
        RevertBomb,
        Heavy
    }

    /// @notice Size in bytes of the return data of the bomb modes (about 28,000 gas of memory to produce).
    uint256 public constant BOMB_BYTES = 100_000;

    /// @notice The channel contract this payee plays against.
    address public immutable channel;
    /// @notice The current behaviour of `receive`.
    Mode public mode;
    /// @notice Total wei received (and kept).
    uint256 public received;

    /// @notice A channel call made on the test's behalf failed with `data`.
    error CallFailed(bytes data);
    /// @notice `receive` refuses the payment (Revert mode).
    error Refused();

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

    /// @notice Sets the behaviour of `receive`.
    function setMode(Mode m) external {
        mode = m;
    }

    /// @notice Receives a payment the way {mode} says.
    receive() external payable {
        Mode m = mode;
        if (m == Mode.Revert) revert Refused();
        if (m == Mode.BurnGas) {
            // Burns every unit of gas it was given.
            uint256 i;
            while (true) {
                unchecked {
                    i++;
                }
            }
        }
        if (m == Mode.ReturnBomb || m == Mode.RevertBomb) {
            bool rev = m == Mode.RevertBomb;
            assembly ("memory-safe") {
                if rev {
                    revert(0, BOMB_BYTES)
                }
                return(0, BOMB_BYTES)
            }
        }
        if (m == Mode.Heavy) {
            // Honest but heavy bookkeeping: about 7,000 gas of hashing besides the storage update below (about
            // 31,000 gas in all on a first payment), more
            // than the 2,300 stipend and less than the payout bound.
            assembly ("memory-safe") {
                let w := 0
                for {
                    let i := 0
                } lt(i, 100) {
                    i := add(i, 1)
                } {
                    mstore(0, w)
                    w := keccak256(0, 32)
                }
                tstore(0, w)
            }
        }
        received += msg.value;
    }
}
