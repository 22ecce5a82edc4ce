// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/**
 * @title DuplexChannel
 * @notice Many two-party duplex payment channels in one contract (paychan docs/protocol.md sections 3 and 4).
 *
 * Each party's off-chain payment is an EIP-712 signature over the cumulative total it has paid the other
 * side. On chain the contract keeps the maximum total per direction, so a stale claim can never lower what
 * was proven; after a finalization period (in blocks) each party withdraws its net balance. Both parties can
 * also close at once with a jointly signed `Close` (which, like a claim, never lowers a stored total); its payouts
 * forward bounded gas and a failed one leaves that party's share to `withdraw`.
 *
 * A channel holds ETH or one ERC-20 token, fixed at open ({open} / {openToken}); amounts of a token channel are in
 * the token's own units.
 *
 * Storage (see contracts/README.md for the reasoning): three slots per channel, plus one slot per signer that
 * differs from its account, plus one slot (the token address) for a token channel.
 *
 * - slot 0: Alice's account (160 bits) and her deposit (96 bits);
 * - slot 1: Bob's account (160 bits) and his deposit (96 bits);
 * - slot 2: the packed state word, written once at open and only updated afterwards:
 *   bits 0-95 Alice's paid total, 96-191 Bob's paid total, 192-230 `closesAt` (0 while Open), 231 token channel,
 *   232-251 `finalizationBlocks`, 252/253 Alice/Bob withdrawn, 254/255 Alice/Bob signer stored.
 *
 * The status is derived from the state word: no word means None, `closesAt == 0` Open, `block.number <
 * closesAt` Closing, otherwise Closed. Once both parties have been paid, the parties, deposits and signers are
 * deleted (a gas refund); the state word stays, so the channel still reads as Closed and fully withdrawn.
 */
contract DuplexChannel is EIP712, ReentrancyGuardTransient {
    /// @notice The life cycle of a channel.
    enum Status {
        None,
        Open,
        Closing,
        Closed
    }

    /// @dev One party: its account and its deposit, packed in one slot.
    struct Party {
        address account;
        uint96 deposit;
    }

    /// @dev One channel's storage.
    struct Channel {
        Party alice;
        Party bob;
        uint256 state;
        address aliceSigner;
        address bobSigner;
    }

    /// @notice The largest deposit or paid total the contract stores (96 bits).
    uint256 public constant MAX_AMOUNT = type(uint96).max;

    /// @dev The most gas a payout inside {cooperativeClose} forwards to its recipient (besides the 2,300 gas
    /// stipend of a call with value). Enough for a contract wallet's receive (a proxy, an event, a storage
    /// write); a recipient that needs more, or reverts, is paid by {withdraw} (all gas) instead.
    uint256 private constant PAYOUT_GAS = 50_000;

    /// @dev The most gas a token payout inside {cooperativeClose} forwards to the token's `transfer`. Enough for the
    /// common tokens' transfers to a new holder (a proxy, blocklist checks, a fresh balance slot); a token whose
    /// transfer needs more, reverts or returns false leaves that share to {withdraw} (all gas).
    uint256 private constant TOKEN_PAYOUT_GAS = 100_000;

    /// @notice The longest finalization period a channel may have, in blocks.
    uint64 public constant MAX_FINALIZATION_BLOCKS = 1_000_000;

    /// @dev EIP-712 type hash of `Payment(uint256 channelId,uint256 paid)`.
    bytes32 private constant PAYMENT_TYPEHASH = keccak256("Payment(uint256 channelId,uint256 paid)");

    /// @dev EIP-712 type hash of `Close(uint256 channelId,uint256 alicePaid,uint256 bobPaid)`.
    bytes32 private constant CLOSE_TYPEHASH = keccak256("Close(uint256 channelId,uint256 alicePaid,uint256 bobPaid)");

    uint256 private constant MASK_96 = (1 << 96) - 1;
    uint256 private constant MASK_39 = (1 << 39) - 1;
    uint256 private constant MASK_20 = (1 << 20) - 1;
    uint256 private constant BOB_PAID_SHIFT = 96;
    uint256 private constant CLOSES_AT_SHIFT = 192;
    /// @dev Set in the state word of a token channel (whose token is in `_tokens`).
    uint256 private constant TOKEN_CHANNEL = 1 << 231;
    uint256 private constant FINALIZATION_SHIFT = 232;
    uint256 private constant ALICE_WITHDRAWN = 1 << 252;
    uint256 private constant BOB_WITHDRAWN = 1 << 253;
    uint256 private constant BOTH_WITHDRAWN = ALICE_WITHDRAWN | BOB_WITHDRAWN;
    uint256 private constant ALICE_SIGNER_STORED = 1 << 254;
    uint256 private constant BOB_SIGNER_STORED = 1 << 255;
    /// @dev The bits of the state word that survive a settlement: paid totals, closesAt, the token flag,
    /// finalizationBlocks.
    uint256 private constant SETTLED_KEEP = (1 << 252) - 1;

    /// @dev The id the next channel gets. Starts at 1 (ids are sequential from 1) and is never zero, so
    /// `open` updates a non-zero slot instead of writing a fresh one.
    uint256 private _nextId = 1;

    mapping(uint256 id => Channel) private _channels;

    /// @dev The token of each token channel (never written for an ETH channel, so ETH channels pay nothing for it).
    mapping(uint256 id => address) private _tokens;

    /// @notice A channel was opened by `alice` with `bob`.
    event ChannelOpened(
        uint256 indexed id,
        address indexed alice,
        address indexed bob,
        address aliceSigner,
        address bobSigner,
        uint64 finalizationBlocks
    );
    /// @notice Channel `id` holds `token` (emitted right after {ChannelOpened} by {openToken}).
    event TokenChannelOpened(uint256 indexed id, address indexed token);
    /// @notice `party` deposited `amount` into channel `id`; its deposit is now `total`.
    event Deposited(uint256 indexed id, address indexed party, uint256 amount, uint256 total);
    /// @notice A payment by `payer` was claimed; `paid` is the stored total for that direction afterwards.
    event Claimed(uint256 indexed id, address indexed payer, uint256 paid, uint64 closesAt);
    /// @notice Party `by` started the finalization period without a payment.
    event CloseStarted(uint256 indexed id, address indexed by, uint64 closesAt);
    /// @notice `party` was paid `amount`, its net balance in channel `id`.
    event Withdrawn(uint256 indexed id, address indexed party, uint256 amount);
    /// @notice Channel `id` was closed with jointly signed totals; `alicePaid` and `bobPaid` are the totals kept
    /// (the larger of stored and signed per direction). Both parties were paid their net balances in the same
    /// transaction, except one whose payout failed: `withdrawn` shows it false and it takes its share with
    /// `withdraw`.
    event ClosedCooperatively(uint256 indexed id, uint256 alicePaid, uint256 bobPaid);

    /// @notice `bob` is the zero address or the caller itself.
    error InvalidCounterparty(address bob);
    /// @notice Both parties would have the same signer address.
    error SameSigner(address signer);
    /// @notice The finalization period is 0 or above `max`.
    error InvalidFinalizationBlocks(uint64 blocks, uint64 max);
    /// @notice `amount` does not fit the stored width (`max`).
    error AmountTooLarge(uint256 amount, uint256 max);
    /// @notice `account` is neither Alice nor Bob of channel `id`.
    error NotParty(uint256 id, address account);
    /// @notice `payer` is neither Alice nor Bob of channel `id`.
    error InvalidPayer(uint256 id, address payer);
    /// @notice A deposit without value.
    error ZeroDeposit(uint256 id);
    /// @notice The operation needs an Open channel.
    error ChannelNotOpen(uint256 id, Status status);
    /// @notice The operation needs an Open or Closing channel.
    error ChannelNotActive(uint256 id, Status status);
    /// @notice The operation needs a Closed channel.
    error ChannelNotClosed(uint256 id, Status status);
    /// @notice The signature is valid but made by `recovered`, not by the expected signer.
    error WrongSigner(uint256 id, address expected, address recovered);
    /// @notice `party` has already withdrawn from channel `id`.
    error AlreadyWithdrawn(uint256 id, address party);
    /// @notice Both parties of channel `id` have been paid; nothing is left in it.
    error ChannelSettled(uint256 id);
    /// @notice Sending `amount` to `to` failed.
    error TransferFailed(address to, uint256 amount);
    /// @notice `token` is not a contract (zero or without code).
    error InvalidToken(address token);
    /// @notice Channel `id` holds `token`: it takes deposits with {depositToken}, not ether.
    error NotEthChannel(uint256 id, address token);
    /// @notice Channel `id` holds ether: it takes deposits with {deposit}.
    error NotTokenChannel(uint256 id);
    /// @notice Pulling `expected` units of `token` changed the contract's balance by `received` (a fee-on-transfer,
    /// rebasing or otherwise non-standard token): the channel only takes tokens that arrive exactly.
    error TokenAmountMismatch(address token, uint256 expected, uint256 received);

    constructor() EIP712("DuplexChannel", "1") {}

    // ------------------------------------------------------------------ transactions

    /**
     * @notice Opens a channel from the caller (Alice) to `bob`; `msg.value` is Alice's first deposit (may be 0).
     * @param bob Bob's account address.
     * @param bobSigner Bob's signer address, or zero for "same as `bob`".
     * @param aliceSigner Alice's signer address, or zero for "same as the caller".
     * @param finalizationBlocks_ The finalization period in blocks.
     * @return id The new channel's id (sequential from 1).
     *
     * Requirements:
     *
     * - `bob` is not zero and not the caller.
     * - the resolved signers differ.
     * - `finalizationBlocks_` is in [1, MAX_FINALIZATION_BLOCKS].
     * - `msg.value` fits 96 bits.
     *
     * Emits a {ChannelOpened} event, and a {Deposited} event when `msg.value` is not zero.
     */
    function open(
        address bob,
        address bobSigner,
        address aliceSigner,
        uint64 finalizationBlocks_
    ) external payable returns (uint256 id) {
        (address aSigner, address bSigner) = _checkOpen(bob, bobSigner, aliceSigner, finalizationBlocks_);
        if (msg.value > MAX_AMOUNT) revert AmountTooLarge(msg.value, MAX_AMOUNT);
        id = _create(bob, aSigner, bSigner, finalizationBlocks_, msg.value, address(0));
    }

    /**
     * @notice Opens a token channel from the caller (Alice) to `bob` holding `token`, and pulls Alice's first
     * deposit of `amount` (may be 0) with `transferFrom` (the caller approved it before). Not payable.
     * @param token The ERC-20 token the channel holds (fixed for its life).
     * @param bob Bob's account address.
     * @param bobSigner Bob's signer address, or zero for "same as `bob`".
     * @param aliceSigner Alice's signer address, or zero for "same as the caller".
     * @param finalizationBlocks_ The finalization period in blocks.
     * @param amount Alice's first deposit in the token's units.
     * @return id The new channel's id (sequential from 1, shared with ETH channels).
     *
     * Requirements:
     *
     * - `token` is a contract.
     * - `bob`, the signers and `finalizationBlocks_` as for {open}; `amount` fits 96 bits.
     * - exactly `amount` arrives: the contract's token balance grows by `amount`, no less (a fee-on-transfer
     *   token) and no more ({TokenAmountMismatch}).
     *
     * The pull happens before the channel exists (its id is taken after it) and re-entry into {openToken} or
     * {depositToken} from the token is refused, so a re-entrant call cannot be credited twice for one balance change.
     *
     * Emits {ChannelOpened}, {TokenChannelOpened}, and {Deposited} when `amount` is not zero.
     */
    function openToken(
        address token,
        address bob,
        address bobSigner,
        address aliceSigner,
        uint64 finalizationBlocks_,
        uint256 amount
    ) external nonReentrant returns (uint256 id) {
        if (token.code.length == 0) revert InvalidToken(token);
        (address aSigner, address bSigner) = _checkOpen(bob, bobSigner, aliceSigner, finalizationBlocks_);
        if (amount > MAX_AMOUNT) revert AmountTooLarge(amount, MAX_AMOUNT);
        if (amount != 0) _pull(token, amount);
        id = _create(bob, aSigner, bSigner, finalizationBlocks_, amount, token);
    }

    /// @dev The checks of {open} and {openToken}; returns the resolved signers.
    function _checkOpen(
        address bob,
        address bobSigner,
        address aliceSigner,
        uint64 finalizationBlocks_
    ) private view returns (address aSigner, address bSigner) {
        if (bob == address(0) || bob == msg.sender) revert InvalidCounterparty(bob);
        aSigner = aliceSigner == address(0) ? msg.sender : aliceSigner;
        bSigner = bobSigner == address(0) ? bob : bobSigner;
        if (aSigner == bSigner) revert SameSigner(aSigner);
        if (finalizationBlocks_ == 0 || finalizationBlocks_ > MAX_FINALIZATION_BLOCKS) {
            revert InvalidFinalizationBlocks(finalizationBlocks_, MAX_FINALIZATION_BLOCKS);
        }
    }

    /// @dev The effects of {open} and {openToken} (after their checks): a new channel from the caller to `bob`
    /// with Alice's first deposit `amount`, holding `tokenAddr` (zero: ether).
    function _create(
        address bob,
        address aSigner,
        address bSigner,
        uint64 finalizationBlocks_,
        uint256 amount,
        address tokenAddr
    ) private returns (uint256 id) {
        id = _nextId;
        // Cannot overflow: one id per transaction.
        unchecked {
            _nextId = id + 1;
        }
        Channel storage c = _channels[id];
        c.alice = Party(msg.sender, uint96(amount));
        c.bob = Party(bob, 0);
        uint256 s = uint256(finalizationBlocks_) << FINALIZATION_SHIFT;
        if (aSigner != msg.sender) {
            c.aliceSigner = aSigner;
            s |= ALICE_SIGNER_STORED;
        }
        if (bSigner != bob) {
            c.bobSigner = bSigner;
            s |= BOB_SIGNER_STORED;
        }
        if (tokenAddr != address(0)) {
            _tokens[id] = tokenAddr;
            s |= TOKEN_CHANNEL;
        }
        c.state = s;
        emit ChannelOpened(id, msg.sender, bob, aSigner, bSigner, finalizationBlocks_);
        if (tokenAddr != address(0)) emit TokenChannelOpened(id, tokenAddr);
        if (amount != 0) emit Deposited(id, msg.sender, amount, amount);
    }

    /**
     * @notice Adds `msg.value` to the caller's deposit in channel `id`.
     *
     * Requirements:
     *
     * - the channel is Open and holds ether ({NotEthChannel} for a token channel).
     * - the caller is Alice or Bob.
     * - `msg.value` is not zero and the new deposit fits 96 bits.
     *
     * Emits a {Deposited} event.
     */
    function deposit(uint256 id) external payable {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        if (s == 0 || _closesAt(s) != 0) revert ChannelNotOpen(id, _statusOf(s));
        if (s & TOKEN_CHANNEL != 0) revert NotEthChannel(id, _tokens[id]);
        Party storage p;
        if (msg.sender == c.alice.account) {
            p = c.alice;
        } else if (msg.sender == c.bob.account) {
            p = c.bob;
        } else {
            revert NotParty(id, msg.sender);
        }
        if (msg.value == 0) revert ZeroDeposit(id);
        // Cannot overflow: both terms are below 2**128 (msg.value is bounded by the ether supply).
        uint256 total;
        unchecked {
            total = uint256(p.deposit) + msg.value;
        }
        if (total > MAX_AMOUNT) revert AmountTooLarge(total, MAX_AMOUNT);
        p.deposit = uint96(total);
        emit Deposited(id, msg.sender, msg.value, total);
    }

    /**
     * @notice Pulls `amount` of the channel's token from the caller with `transferFrom` (approved before) and adds
     * it to the caller's deposit in token channel `id`. Not payable.
     *
     * Requirements:
     *
     * - the channel is Open and holds a token ({NotTokenChannel} for an ETH channel).
     * - the caller is Alice or Bob.
     * - `amount` is not zero and the new deposit fits 96 bits.
     * - exactly `amount` arrives ({TokenAmountMismatch} otherwise).
     * - the channel is still Open after the pull (a token that re-entered to close it makes the deposit revert).
     *
     * Emits a {Deposited} event.
     */
    function depositToken(uint256 id, uint256 amount) external nonReentrant {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        if (s == 0 || _closesAt(s) != 0) revert ChannelNotOpen(id, _statusOf(s));
        if (s & TOKEN_CHANNEL == 0) revert NotTokenChannel(id);
        Party storage p;
        if (msg.sender == c.alice.account) {
            p = c.alice;
        } else if (msg.sender == c.bob.account) {
            p = c.bob;
        } else {
            revert NotParty(id, msg.sender);
        }
        if (amount == 0) revert ZeroDeposit(id);
        if (amount > MAX_AMOUNT) revert AmountTooLarge(amount, MAX_AMOUNT);
        // Cannot overflow: both terms are below 2**96.
        uint256 total;
        unchecked {
            total = uint256(p.deposit) + amount;
        }
        if (total > MAX_AMOUNT) revert AmountTooLarge(total, MAX_AMOUNT);

        // Interaction that must come before the effect: the deposit is what arrived. Re-entry into openToken or
        // depositToken is refused (nonReentrant); any other re-entry that changed the channel closed it (a claim,
        // startClose or cooperativeClose), which the re-check below turns into a revert of the whole call. A
        // deposit can change in no other way (ether deposits are refused on a token channel), so `total` holds.
        _pull(_tokens[id], amount);
        s = c.state;
        if (_closesAt(s) != 0) revert ChannelNotOpen(id, _statusOf(s));
        p.deposit = uint96(total);
        emit Deposited(id, msg.sender, amount, total);
    }

    /**
     * @notice Submits `payer`'s signed cumulative total `paid`; the contract keeps the larger of it and the
     * stored total. While Open this starts the finalization period.
     * @param payer Alice or Bob: the party that signed `Payment(id, paid)`.
     * @param paid The cumulative total `payer` has paid the other party.
     * @param sig The payer's signer's 65-byte EIP-712 signature (r, s, v), low-s, v 27/28.
     *
     * Requirements:
     *
     * - the channel is Open or Closing (`block.number < closesAt`).
     * - while Open, the caller is Alice or Bob; while Closing anyone may claim.
     * - `payer` is Alice or Bob.
     * - `paid` fits 96 bits.
     * - `sig` is a valid signature by `payer`'s signer over `Payment(id, paid)`.
     *
     * Emits a {Claimed} event.
     */
    function claim(uint256 id, address payer, uint256 paid, bytes calldata sig) external {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        uint256 closesAt_ = _closesAt(s);
        if (s == 0 || (closesAt_ != 0 && block.number >= closesAt_)) revert ChannelNotActive(id, _statusOf(s));
        address alice = c.alice.account;
        address bob = c.bob.account;
        bool payerIsAlice = payer == alice;
        if (!payerIsAlice && payer != bob) revert InvalidPayer(id, payer);
        if (closesAt_ == 0 && msg.sender != alice && msg.sender != bob) revert NotParty(id, msg.sender);
        if (paid > MAX_AMOUNT) revert AmountTooLarge(paid, MAX_AMOUNT);
        address signer = payerIsAlice
            ? (s & ALICE_SIGNER_STORED != 0 ? c.aliceSigner : alice)
            : (s & BOB_SIGNER_STORED != 0 ? c.bobSigner : bob);
        _verify(id, signer, _paymentDigest(id, paid), sig);

        uint256 shift = payerIsAlice ? 0 : BOB_PAID_SHIFT;
        uint256 stored = (s >> shift) & MASK_96;
        if (paid > stored) {
            s = (s & ~(MASK_96 << shift)) | (paid << shift);
            stored = paid;
        }
        if (closesAt_ == 0) {
            closesAt_ = _closingBlock(s);
            s |= closesAt_ << CLOSES_AT_SHIFT;
        }
        c.state = s;
        emit Claimed(id, payer, stored, uint64(closesAt_));
    }

    /**
     * @notice Starts the finalization period of channel `id` without a payment to submit.
     *
     * Requirements:
     *
     * - the channel is Open.
     * - the caller is Alice or Bob.
     *
     * Emits a {CloseStarted} event.
     */
    function startClose(uint256 id) external {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        if (s == 0 || _closesAt(s) != 0) revert ChannelNotOpen(id, _statusOf(s));
        if (msg.sender != c.alice.account && msg.sender != c.bob.account) revert NotParty(id, msg.sender);
        uint256 closesAt_ = _closingBlock(s);
        c.state = s | (closesAt_ << CLOSES_AT_SHIFT);
        emit CloseStarted(id, msg.sender, uint64(closesAt_));
    }

    /**
     * @notice Closes channel `id` at once with totals both signers signed, and pays both parties.
     * For each direction the contract keeps the larger of the stored and the signed total, so a `Close` can never
     * lower a total proven by a claim (a stale `Close` cannot undo later payments). Anyone may submit the two
     * signatures.
     * @param alicePaid The cumulative total Alice paid Bob.
     * @param bobPaid The cumulative total Bob paid Alice.
     * @param aliceSig Alice's signer's signature over `Close(id, alicePaid, bobPaid)`.
     * @param bobSig Bob's signer's signature over `Close(id, alicePaid, bobPaid)`.
     *
     * Requirements:
     *
     * - the channel is Open or Closing.
     * - both totals fit 96 bits.
     * - `aliceSig` and `bobSig` are valid signatures by Alice's and Bob's signers.
     *
     * Each payout forwards at most `PAYOUT_GAS` gas and copies no return data (a token channel's payouts: a token
     * `transfer` with at most `TOKEN_PAYOUT_GAS` gas, SafeERC20's success rule). A payout that fails (the recipient
     * reverts or runs out of that gas; the token reverts, returns false or runs out of gas) does not revert the close: the other party is still paid, and the failed
     * party's share stays in the contract for it to take once with {withdraw}. A payout starved by the
     * submitter's gas limit (too little gas left to forward `PAYOUT_GAS`) reverts the whole call with
     * {TransferFailed} instead, so a submitter cannot push an honest party onto {withdraw}.
     *
     * Emits a {ClosedCooperatively} event with the kept totals (no {Withdrawn} events for the payouts made here).
     */
    function cooperativeClose(
        uint256 id,
        uint256 alicePaid,
        uint256 bobPaid,
        bytes calldata aliceSig,
        bytes calldata bobSig
    ) external {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        if (s == 0 || (_closesAt(s) != 0 && block.number >= _closesAt(s))) revert ChannelNotActive(id, _statusOf(s));
        if (alicePaid > MAX_AMOUNT) revert AmountTooLarge(alicePaid, MAX_AMOUNT);
        if (bobPaid > MAX_AMOUNT) revert AmountTooLarge(bobPaid, MAX_AMOUNT);
        if (block.number > MASK_39) revert AmountTooLarge(block.number, MASK_39);
        bytes32 digest = _closeDigest(id, alicePaid, bobPaid);
        _verify(id, s & ALICE_SIGNER_STORED != 0 ? c.aliceSigner : c.alice.account, digest, aliceSig);
        _verify(id, s & BOB_SIGNER_STORED != 0 ? c.bobSigner : c.bob.account, digest, bobSig);
        _closeNow(id, c, s, alicePaid, bobPaid);
    }

    /// @dev Effects and interactions of {cooperativeClose}, after its checks.
    function _closeNow(uint256 id, Channel storage c, uint256 s, uint256 alicePaid, uint256 bobPaid) private {
        // The max rule: a Close never lowers a total a claim proved.
        uint256 stored = s & MASK_96;
        if (stored > alicePaid) alicePaid = stored;
        stored = (s >> BOB_PAID_SHIFT) & MASK_96;
        if (stored > bobPaid) bobPaid = stored;

        Party memory a = c.alice;
        Party memory b = c.bob;
        (uint256 aliceOut, uint256 bobOut) = _settle(a.deposit, b.deposit, alicePaid, bobPaid);

        // Effects: final totals, Closed now, both marked paid, before any ether moves. During the payouts the
        // channel reads settled, so a re-entrant call (withdraw, claim, another close) gains nothing.
        uint256 closed = alicePaid |
            (bobPaid << BOB_PAID_SHIFT) |
            (block.number << CLOSES_AT_SHIFT) |
            (s & ((MASK_20 << FINALIZATION_SHIFT) | TOKEN_CHANNEL));
        c.state = closed | BOTH_WITHDRAWN;
        // One event for the close and both payouts (the payouts follow from the deposits and the totals, and
        // two extra Withdrawn events would cost 3,500 gas of the cooperative lifecycle's budget).
        emit ClosedCooperatively(id, alicePaid, bobPaid);

        // Interactions: bounded payouts that cannot revert the close.
        bool aliceOk;
        bool bobOk;
        if (s & TOKEN_CHANNEL == 0) {
            aliceOk = _payBounded(a.account, aliceOut);
            bobOk = _payBounded(b.account, bobOut);
        } else {
            address tokenAddr = _tokens[id];
            aliceOk = _payTokenBounded(tokenAddr, a.account, aliceOut);
            bobOk = _payTokenBounded(tokenAddr, b.account, bobOut);
        }

        // Bookkeeping of the outcome. Both paid: the parties and signers are deleted (the storage refund). A
        // failed payout: that party is marked not withdrawn and the channel keeps its parties (and signer flags)
        // so that party can take its share once with withdraw.
        if (aliceOk && bobOk) {
            _deleteParties(c, s);
        } else {
            c.state =
                closed |
                (aliceOk ? ALICE_WITHDRAWN : 0) |
                (bobOk ? BOB_WITHDRAWN : 0) |
                (s & (ALICE_SIGNER_STORED | BOB_SIGNER_STORED));
        }
    }

    /**
     * @notice Pays the caller its net balance in the Closed channel `id` (in ether, or in the channel's token with
     * SafeERC20's `safeTransfer`, which reverts if the token refuses).
     *
     * Requirements:
     *
     * - the channel is Closed.
     * - the caller is Alice or Bob and has not withdrawn yet.
     *
     * Emits a {Withdrawn} event.
     */
    function withdraw(uint256 id) external {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        uint256 closesAt_ = _closesAt(s);
        if (closesAt_ == 0 || block.number < closesAt_) revert ChannelNotClosed(id, _statusOf(s));
        if (s & BOTH_WITHDRAWN == BOTH_WITHDRAWN) revert ChannelSettled(id);
        Party memory a = c.alice;
        Party memory b = c.bob;
        uint256 flag;
        if (msg.sender == a.account) {
            flag = ALICE_WITHDRAWN;
        } else if (msg.sender == b.account) {
            flag = BOB_WITHDRAWN;
        } else {
            revert NotParty(id, msg.sender);
        }
        if (s & flag != 0) revert AlreadyWithdrawn(id, msg.sender);
        (uint256 aliceOut, uint256 bobOut) = _settle(a.deposit, b.deposit, s & MASK_96, (s >> BOB_PAID_SHIFT) & MASK_96);
        uint256 amount = flag == ALICE_WITHDRAWN ? aliceOut : bobOut;

        // Effects: mark the caller paid; once both are paid the channel no longer needs its parties.
        s |= flag;
        if (s & BOTH_WITHDRAWN == BOTH_WITHDRAWN) {
            c.state = s & (SETTLED_KEEP | BOTH_WITHDRAWN);
            _deleteParties(c, s);
        } else {
            c.state = s;
        }
        emit Withdrawn(id, msg.sender, amount);

        // Interaction.
        if (s & TOKEN_CHANNEL == 0) {
            _pay(msg.sender, amount);
        } else if (amount != 0) {
            SafeERC20.safeTransfer(IERC20(_tokens[id]), msg.sender, amount);
        }
    }

    // ------------------------------------------------------------------ views

    /// @notice The status of channel `id`.
    function status(uint256 id) external view returns (Status) {
        return _statusOf(_channels[id].state);
    }

    /// @notice The accounts and signers of channel `id` (zero once the channel is settled).
    function parties(
        uint256 id
    ) external view returns (address alice, address bob, address aliceSigner, address bobSigner) {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        alice = c.alice.account;
        bob = c.bob.account;
        aliceSigner = s & ALICE_SIGNER_STORED != 0 ? c.aliceSigner : alice;
        bobSigner = s & BOB_SIGNER_STORED != 0 ? c.bobSigner : bob;
    }

    /// @notice The deposits of channel `id` (zero once the channel is settled).
    function deposits(uint256 id) external view returns (uint256 alice, uint256 bob) {
        Channel storage c = _channels[id];
        return (c.alice.deposit, c.bob.deposit);
    }

    /// @notice The stored paid totals of channel `id`: what Alice paid Bob and what Bob paid Alice.
    function paid(uint256 id) external view returns (uint256 alicePaid, uint256 bobPaid) {
        uint256 s = _channels[id].state;
        return (s & MASK_96, (s >> BOB_PAID_SHIFT) & MASK_96);
    }

    /// @notice The block at which channel `id` is Closed, 0 while Open.
    function closesAt(uint256 id) external view returns (uint64) {
        return uint64(_closesAt(_channels[id].state));
    }

    /// @notice The finalization period of channel `id` in blocks.
    function finalizationBlocks(uint256 id) external view returns (uint64) {
        return uint64((_channels[id].state >> FINALIZATION_SHIFT) & MASK_20);
    }

    /**
     * @notice What the channel still holds for each party: its net balance under the stored totals
     * (clamped to the channel's deposits), or 0 once that party has withdrawn.
     */
    function balances(uint256 id) external view returns (uint256 alice, uint256 bob) {
        Channel storage c = _channels[id];
        uint256 s = c.state;
        (alice, bob) = _settle(c.alice.deposit, c.bob.deposit, s & MASK_96, (s >> BOB_PAID_SHIFT) & MASK_96);
        if (s & ALICE_WITHDRAWN != 0) alice = 0;
        if (s & BOB_WITHDRAWN != 0) bob = 0;
    }

    /// @notice The token channel `id` holds, or the zero address for an ETH channel (or no channel).
    function token(uint256 id) external view returns (address) {
        return _tokens[id];
    }

    /// @notice Whether Alice and Bob have been paid out of channel `id`.
    function withdrawn(uint256 id) external view returns (bool alice, bool bob) {
        uint256 s = _channels[id].state;
        return (s & ALICE_WITHDRAWN != 0, s & BOB_WITHDRAWN != 0);
    }

    /// @notice The EIP-712 digest a payer's signer signs for `Payment(id, paid)`.
    function paymentDigest(uint256 id, uint256 paid_) external view returns (bytes32) {
        return _paymentDigest(id, paid_);
    }

    /// @notice The EIP-712 digest both signers sign for `Close(id, alicePaid, bobPaid)`.
    function closeDigest(uint256 id, uint256 alicePaid, uint256 bobPaid) external view returns (bytes32) {
        return _closeDigest(id, alicePaid, bobPaid);
    }

    // ------------------------------------------------------------------ internals

    function _paymentDigest(uint256 id, uint256 paid_) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PAYMENT_TYPEHASH, id, paid_)));
    }

    function _closeDigest(uint256 id, uint256 alicePaid, uint256 bobPaid) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CLOSE_TYPEHASH, id, alicePaid, bobPaid)));
    }

    /// @dev Reverts unless `sig` is `signer`'s valid, non-malleable signature over `digest`.
    function _verify(uint256 id, address signer, bytes32 digest, bytes calldata sig) private pure {
        address recovered = ECDSA.recoverCalldata(digest, sig);
        if (recovered != signer) revert WrongSigner(id, signer, recovered);
    }

    /// @dev `closesAt` field of a state word.
    function _closesAt(uint256 s) private pure returns (uint256) {
        return (s >> CLOSES_AT_SHIFT) & MASK_39;
    }

    /// @dev The block at which a finalization period starting now ends.
    function _closingBlock(uint256 s) private view returns (uint256 closesAt_) {
        // Cannot overflow: block.number is far below 2**64 and the period below 2**20.
        unchecked {
            closesAt_ = block.number + ((s >> FINALIZATION_SHIFT) & MASK_20);
        }
        // A 39-bit block number is hundreds of billions of blocks away; refuse rather than wrap.
        if (closesAt_ > MASK_39) revert AmountTooLarge(closesAt_, MASK_39);
    }

    function _statusOf(uint256 s) private view returns (Status) {
        if (s == 0) return Status.None;
        uint256 closesAt_ = _closesAt(s);
        if (closesAt_ == 0) return Status.Open;
        return block.number < closesAt_ ? Status.Closing : Status.Closed;
    }

    /**
     * @dev Settlement: `alice = clamp(aliceDeposit + bobPaid - alicePaid, 0, total)`, `bob = total - alice`,
     * so the payouts never exceed the deposits, whatever was signed.
     */
    function _settle(
        uint256 aliceDeposit,
        uint256 bobDeposit,
        uint256 alicePaid,
        uint256 bobPaid
    ) private pure returns (uint256 alice, uint256 bob) {
        // Cannot overflow or underflow: every input is below 2**96, sums below 2**97; the subtractions are
        // guarded by the comparisons, and alice <= total.
        unchecked {
            uint256 total = aliceDeposit + bobDeposit;
            uint256 credit = aliceDeposit + bobPaid;
            if (credit > alicePaid) {
                alice = credit - alicePaid;
                if (alice > total) alice = total;
            }
            bob = total - alice;
        }
    }

    /// @dev Deletes what a settled channel no longer needs (for the storage refund).
    function _deleteParties(Channel storage c, uint256 s) private {
        delete c.alice;
        delete c.bob;
        if (s & ALICE_SIGNER_STORED != 0) delete c.aliceSigner;
        if (s & BOB_SIGNER_STORED != 0) delete c.bobSigner;
    }

    /// @dev Sends `amount` wei to `to` with all gas and without copying return data; reverts on failure.
    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        bool ok;
        assembly ("memory-safe") {
            ok := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!ok) revert TransferFailed(to, amount);
    }

    /**
     * @dev Sends `amount` wei to `to` forwarding at most `PAYOUT_GAS` gas (plus the 2,300 stipend of a call with
     * value) and copying no return data (out size 0: a return-data bomb costs the caller nothing), and returns
     * whether it arrived. A failure only reverts when it may be the submitter's doing: if less than
     * `PAYOUT_GAS / 63` gas is left after the call, the 63/64 rule may have cut what was forwarded, so the call
     * reverts with {TransferFailed} (the submitter retries with more gas) rather than leaving an honest
     * recipient's share to withdraw (the check of OpenZeppelin's ERC2771Forwarder).
     */
    function _payBounded(address to, uint256 amount) private returns (bool ok) {
        if (amount == 0) return true;
        assembly ("memory-safe") {
            ok := call(PAYOUT_GAS, to, amount, 0, 0, 0, 0)
        }
        if (!ok && gasleft() < PAYOUT_GAS / 63) revert TransferFailed(to, amount);
    }

    /**
     * @dev Pulls exactly `amount` of `tokenAddr` from the caller (SafeERC20: tokens returning nothing or `false` are
     * handled) and reverts with {TokenAmountMismatch} unless the contract's balance grew by exactly `amount`.
     */
    function _pull(address tokenAddr, uint256 amount) private {
        IERC20 t = IERC20(tokenAddr);
        uint256 before = t.balanceOf(address(this));
        SafeERC20.safeTransferFrom(t, msg.sender, address(this), amount);
        uint256 now_ = t.balanceOf(address(this));
        uint256 received = now_ > before ? now_ - before : 0;
        if (received != amount) revert TokenAmountMismatch(tokenAddr, amount, received);
    }

    /**
     * @dev Sends `amount` of `tokenAddr` to `to` like OpenZeppelin's `SafeERC20.trySafeTransfer` (success: the call
     * succeeded and returned `true`, or returned nothing from a contract), but forwarding at most
     * `TOKEN_PAYOUT_GAS` gas and copying at most 32 bytes of return data, and returns whether it succeeded. As in
     * {_payBounded}, a failure with less than `TOKEN_PAYOUT_GAS / 63` gas left reverts with {TransferFailed}.
     */
    function _payTokenBounded(address tokenAddr, address to, uint256 amount) private returns (bool ok) {
        if (amount == 0) return true;
        bytes4 selector = IERC20.transfer.selector;
        assembly ("memory-safe") {
            let fmp := mload(0x40)
            mstore(0x00, selector)
            mstore(0x04, and(to, shr(96, not(0))))
            mstore(0x24, amount)
            ok := call(TOKEN_PAYOUT_GAS, tokenAddr, 0, 0x00, 0x44, 0x00, 0x20)
            if iszero(and(ok, and(gt(returndatasize(), 31), eq(mload(0x00), 1)))) {
                ok := and(ok, and(iszero(returndatasize()), gt(extcodesize(tokenAddr), 0)))
            }
            mstore(0x40, fmp)
        }
        if (!ok && gasleft() < TOKEN_PAYOUT_GAS / 63) revert TransferFailed(to, amount);
    }
}
