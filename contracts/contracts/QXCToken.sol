// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title QENEX Token (QXC)
/// @notice The ERC-20 of QENEX Desktop: 18 decimals, a hard cap, burnable, pausable, EIP-2612 permit.
/// Roles (AccessControl): DEFAULT_ADMIN_ROLE grants and revokes roles, MINTER_ROLE mints up to the
/// cap, PAUSER_ROLE pauses and unpauses every balance change. No fees, no hidden balances, no fixed
/// addresses: the admin and the supply figures are constructor arguments.
contract QXCToken is ERC20, ERC20Burnable, ERC20Capped, ERC20Pausable, ERC20Permit, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @dev A token without an admin could never mint, pause or hand out roles.
    error QXCInvalidAdmin(address admin);

    /// @param admin gets every role and the initial supply
    /// @param initialSupply base units minted to `admin` at deploy (at most `cap_`)
    /// @param cap_ the most base units that can ever exist
    constructor(address admin, uint256 initialSupply, uint256 cap_)
        ERC20("QENEX Token", "QXC")
        ERC20Capped(cap_)
        ERC20Permit("QENEX Token")
    {
        if (admin == address(0)) {
            revert QXCInvalidAdmin(admin);
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        if (initialSupply > 0) {
            _mint(admin, initialSupply);
        }
    }

    /// @notice Create `amount` base units for `to`; reverts above the cap or while paused.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Stop every transfer, mint and burn until `unpause`.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ERC20Capped checks the cap on mints, ERC20Pausable refuses changes while paused: both run.
    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Capped, ERC20Pausable)
    {
        super._update(from, to, value);
    }
}
