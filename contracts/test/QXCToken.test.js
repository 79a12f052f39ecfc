// QXCToken: every function and every role check, EIP-2612 permit included.
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { UNIT, INITIAL_SUPPLY, CAP, deployToken, latestTimestamp, signPermit } = require("./helpers");

const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;
const MINTER_ROLE = ethers.id("MINTER_ROLE");
const PAUSER_ROLE = ethers.id("PAUSER_ROLE");

describe("QXCToken", function () {
  let admin, alice, bob, carol, token;

  beforeEach(async function () {
    [admin, alice, bob, carol] = await ethers.getSigners();
    token = await deployToken({ admin: admin.address });
  });

  describe("deployment", function () {
    it("has the QENEX Token metadata, 18 decimals, the cap and the initial supply at the admin", async function () {
      expect(await token.name()).to.equal("QENEX Token");
      expect(await token.symbol()).to.equal("QXC");
      expect(await token.decimals()).to.equal(18n);
      expect(await token.cap()).to.equal(CAP);
      expect(await token.totalSupply()).to.equal(INITIAL_SUPPLY);
      expect(await token.balanceOf(admin.address)).to.equal(INITIAL_SUPPLY);
      expect(await token.paused()).to.equal(false);
    });

    it("gives the admin argument every role, not the deployer", async function () {
      const other = await deployToken({ admin: alice.address });
      for (const role of [DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE]) {
        expect(await other.hasRole(role, alice.address)).to.equal(true);
        expect(await other.hasRole(role, admin.address)).to.equal(false);
      }
      expect(await other.balanceOf(alice.address)).to.equal(INITIAL_SUPPLY);
      expect(await other.balanceOf(admin.address)).to.equal(0n);
    });

    it("exposes the role ids, and the admin role administers the minter and pauser roles", async function () {
      expect(await token.MINTER_ROLE()).to.equal(MINTER_ROLE);
      expect(await token.PAUSER_ROLE()).to.equal(PAUSER_ROLE);
      expect(await token.DEFAULT_ADMIN_ROLE()).to.equal(DEFAULT_ADMIN_ROLE);
      for (const role of [DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE]) {
        expect(await token.getRoleAdmin(role)).to.equal(DEFAULT_ADMIN_ROLE);
      }
    });

    it("emits the initial mint as a Transfer from the zero address", async function () {
      const factory = await ethers.getContractFactory("QXCToken");
      const fresh = await factory.deploy(alice.address, 5n * UNIT, CAP);
      await expect(fresh.deploymentTransaction())
        .to.emit(fresh, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 5n * UNIT);
    });

    it("accepts an initial supply equal to the cap and a zero initial supply", async function () {
      const full = await deployToken({ initialSupply: CAP, cap: CAP });
      expect(await full.totalSupply()).to.equal(CAP);
      const empty = await deployToken({ initialSupply: 0n });
      expect(await empty.totalSupply()).to.equal(0n);
    });

    it("refuses an initial supply above the cap", async function () {
      const factory = await ethers.getContractFactory("QXCToken");
      await expect(factory.deploy(admin.address, CAP + 1n, CAP))
        .to.be.revertedWithCustomError(factory, "ERC20ExceededCap")
        .withArgs(CAP + 1n, CAP);
    });

    it("refuses a zero cap", async function () {
      const factory = await ethers.getContractFactory("QXCToken");
      await expect(factory.deploy(admin.address, 0n, 0n))
        .to.be.revertedWithCustomError(factory, "ERC20InvalidCap")
        .withArgs(0n);
    });

    it("refuses the zero address as admin", async function () {
      const factory = await ethers.getContractFactory("QXCToken");
      await expect(factory.deploy(ethers.ZeroAddress, 0n, CAP))
        .to.be.revertedWithCustomError(factory, "QXCInvalidAdmin")
        .withArgs(ethers.ZeroAddress);
    });

    it("has exactly the external functions this suite covers (nothing hidden was added)", async function () {
      const functions = token.interface.fragments
        .filter((f) => f.type === "function")
        .map((f) => f.name)
        .sort();
      expect(functions).to.deep.equal(
        [
          "DEFAULT_ADMIN_ROLE", "DOMAIN_SEPARATOR", "MINTER_ROLE", "PAUSER_ROLE", "allowance", "approve",
          "balanceOf", "burn", "burnFrom", "cap", "decimals", "eip712Domain", "getRoleAdmin", "grantRole",
          "hasRole", "mint", "name", "nonces", "pause", "paused", "permit", "renounceRole", "revokeRole",
          "supportsInterface", "symbol", "totalSupply", "transfer", "transferFrom", "unpause",
        ].sort(),
      );
    });

    it("supports the ERC-165 ids of AccessControl and ERC-165 only", async function () {
      expect(await token.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await token.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await token.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("transfer", function () {
    it("moves the exact amount and emits Transfer, with no fee", async function () {
      await expect(token.transfer(alice.address, 123n * UNIT))
        .to.emit(token, "Transfer")
        .withArgs(admin.address, alice.address, 123n * UNIT);
      expect(await token.balanceOf(alice.address)).to.equal(123n * UNIT);
      expect(await token.balanceOf(admin.address)).to.equal(INITIAL_SUPPLY - 123n * UNIT);
      expect(await token.totalSupply()).to.equal(INITIAL_SUPPLY);
    });

    it("refuses more than the balance", async function () {
      await token.transfer(alice.address, 10n);
      await expect(token.connect(alice).transfer(bob.address, 11n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 10n, 11n);
    });

    it("refuses the zero address as recipient", async function () {
      await expect(token.transfer(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("approve, allowance and transferFrom", function () {
    it("approve sets the allowance and emits Approval", async function () {
      await expect(token.approve(alice.address, 7n * UNIT))
        .to.emit(token, "Approval")
        .withArgs(admin.address, alice.address, 7n * UNIT);
      expect(await token.allowance(admin.address, alice.address)).to.equal(7n * UNIT);
    });

    it("approve refuses the zero address as spender", async function () {
      await expect(token.approve(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSpender")
        .withArgs(ethers.ZeroAddress);
    });

    it("transferFrom moves the amount and spends the allowance", async function () {
      await token.approve(alice.address, 10n * UNIT);
      await expect(token.connect(alice).transferFrom(admin.address, bob.address, 4n * UNIT))
        .to.emit(token, "Transfer")
        .withArgs(admin.address, bob.address, 4n * UNIT);
      expect(await token.balanceOf(bob.address)).to.equal(4n * UNIT);
      expect(await token.allowance(admin.address, alice.address)).to.equal(6n * UNIT);
    });

    it("transferFrom refuses more than the allowance", async function () {
      await token.approve(alice.address, 3n);
      await expect(token.connect(alice).transferFrom(admin.address, bob.address, 4n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(alice.address, 3n, 4n);
    });

    it("transferFrom refuses more than the owner's balance even with enough allowance", async function () {
      await token.transfer(alice.address, 5n);
      await token.connect(alice).approve(bob.address, 100n);
      await expect(token.connect(bob).transferFrom(alice.address, carol.address, 6n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 5n, 6n);
    });

    it("an unlimited allowance is not spent", async function () {
      await token.approve(alice.address, ethers.MaxUint256);
      await token.connect(alice).transferFrom(admin.address, bob.address, 9n);
      expect(await token.allowance(admin.address, alice.address)).to.equal(ethers.MaxUint256);
    });
  });

  describe("mint", function () {
    it("the minter mints to any address, raising the supply", async function () {
      await expect(token.mint(alice.address, 50n * UNIT))
        .to.emit(token, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 50n * UNIT);
      expect(await token.balanceOf(alice.address)).to.equal(50n * UNIT);
      expect(await token.totalSupply()).to.equal(INITIAL_SUPPLY + 50n * UNIT);
    });

    it("refuses an account without MINTER_ROLE", async function () {
      await expect(token.connect(alice).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, MINTER_ROLE);
    });

    it("mints up to the cap exactly and not one unit more", async function () {
      await token.mint(alice.address, CAP - INITIAL_SUPPLY);
      expect(await token.totalSupply()).to.equal(CAP);
      await expect(token.mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20ExceededCap")
        .withArgs(CAP + 1n, CAP);
    });

    it("refuses the zero address as recipient", async function () {
      await expect(token.mint(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("burn and burnFrom", function () {
    it("burn destroys the caller's tokens and lowers the supply", async function () {
      await token.transfer(alice.address, 10n * UNIT);
      await expect(token.connect(alice).burn(4n * UNIT))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, ethers.ZeroAddress, 4n * UNIT);
      expect(await token.balanceOf(alice.address)).to.equal(6n * UNIT);
      expect(await token.totalSupply()).to.equal(INITIAL_SUPPLY - 4n * UNIT);
    });

    it("burn refuses more than the balance", async function () {
      await expect(token.connect(alice).burn(1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 0n, 1n);
    });

    it("burnFrom spends the allowance", async function () {
      await token.approve(alice.address, 10n);
      await token.connect(alice).burnFrom(admin.address, 4n);
      expect(await token.allowance(admin.address, alice.address)).to.equal(6n);
      expect(await token.totalSupply()).to.equal(INITIAL_SUPPLY - 4n);
    });

    it("burnFrom refuses without enough allowance", async function () {
      await token.approve(alice.address, 3n);
      await expect(token.connect(alice).burnFrom(admin.address, 4n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(alice.address, 3n, 4n);
    });

    it("burning makes room under the cap again (the cap bounds the live supply)", async function () {
      await token.mint(admin.address, CAP - INITIAL_SUPPLY);
      await token.burn(5n);
      await token.mint(alice.address, 5n);
      expect(await token.totalSupply()).to.equal(CAP);
    });
  });

  describe("pause", function () {
    it("the pauser pauses and unpauses, with events", async function () {
      await expect(token.pause()).to.emit(token, "Paused").withArgs(admin.address);
      expect(await token.paused()).to.equal(true);
      await expect(token.unpause()).to.emit(token, "Unpaused").withArgs(admin.address);
      expect(await token.paused()).to.equal(false);
    });

    it("refuses pause and unpause from an account without PAUSER_ROLE", async function () {
      await expect(token.connect(alice).pause())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, PAUSER_ROLE);
      await token.pause();
      await expect(token.connect(alice).unpause())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, PAUSER_ROLE);
    });

    it("refuses to pause twice or unpause when running", async function () {
      await expect(token.unpause()).to.be.revertedWithCustomError(token, "ExpectedPause");
      await token.pause();
      await expect(token.pause()).to.be.revertedWithCustomError(token, "EnforcedPause");
    });

    it("stops transfer, transferFrom, mint, burn and burnFrom while paused", async function () {
      await token.transfer(alice.address, 10n);
      await token.connect(alice).approve(bob.address, 10n);
      await token.pause();
      await expect(token.transfer(alice.address, 1n)).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(bob).transferFrom(alice.address, bob.address, 1n)).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await expect(token.mint(alice.address, 1n)).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(alice).burn(1n)).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(bob).burnFrom(alice.address, 1n)).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await token.unpause();
      await token.transfer(alice.address, 1n);
      expect(await token.balanceOf(alice.address)).to.equal(11n);
    });

    it("approvals still work while paused (they move no tokens)", async function () {
      await token.pause();
      await token.approve(alice.address, 5n);
      expect(await token.allowance(admin.address, alice.address)).to.equal(5n);
    });
  });

  describe("roles", function () {
    it("the admin grants MINTER_ROLE and PAUSER_ROLE, and the grantees can use them", async function () {
      await expect(token.grantRole(MINTER_ROLE, alice.address))
        .to.emit(token, "RoleGranted")
        .withArgs(MINTER_ROLE, alice.address, admin.address);
      await token.grantRole(PAUSER_ROLE, bob.address);
      await token.connect(alice).mint(carol.address, 2n);
      expect(await token.balanceOf(carol.address)).to.equal(2n);
      await token.connect(bob).pause();
      expect(await token.paused()).to.equal(true);
    });

    it("a revoked minter cannot mint any more", async function () {
      await token.grantRole(MINTER_ROLE, alice.address);
      await expect(token.revokeRole(MINTER_ROLE, alice.address))
        .to.emit(token, "RoleRevoked")
        .withArgs(MINTER_ROLE, alice.address, admin.address);
      await expect(token.connect(alice).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, MINTER_ROLE);
    });

    it("refuses grantRole and revokeRole from an account without the admin role", async function () {
      await expect(token.connect(alice).grantRole(MINTER_ROLE, alice.address))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, DEFAULT_ADMIN_ROLE);
      await expect(token.connect(alice).revokeRole(PAUSER_ROLE, admin.address))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, DEFAULT_ADMIN_ROLE);
      // a minter is not an admin either
      await token.grantRole(MINTER_ROLE, alice.address);
      await expect(token.connect(alice).grantRole(MINTER_ROLE, bob.address))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, DEFAULT_ADMIN_ROLE);
    });

    it("an account renounces its own role only", async function () {
      await expect(token.connect(alice).renounceRole(MINTER_ROLE, admin.address)).to.be.revertedWithCustomError(
        token,
        "AccessControlBadConfirmation",
      );
      await token.renounceRole(MINTER_ROLE, admin.address);
      expect(await token.hasRole(MINTER_ROLE, admin.address)).to.equal(false);
      await expect(token.mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, MINTER_ROLE);
    });

    it("a new admin can administer roles after the old one renounces", async function () {
      await token.grantRole(DEFAULT_ADMIN_ROLE, alice.address);
      await token.renounceRole(DEFAULT_ADMIN_ROLE, admin.address);
      await expect(token.grantRole(MINTER_ROLE, bob.address)).to.be.revertedWithCustomError(
        token,
        "AccessControlUnauthorizedAccount",
      );
      await token.connect(alice).grantRole(MINTER_ROLE, bob.address);
      expect(await token.hasRole(MINTER_ROLE, bob.address)).to.equal(true);
    });
  });

  describe("permit (EIP-2612)", function () {
    async function inAnHour() {
      return (await latestTimestamp()) + 3600n;
    }

    it("the domain separator is EIP-712 of (QENEX Token, 1, chain id, token address)", async function () {
      const { chainId } = await ethers.provider.getNetwork();
      const domain = { name: "QENEX Token", version: "1", chainId, verifyingContract: await token.getAddress() };
      expect(await token.DOMAIN_SEPARATOR()).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
      const fields = await token.eip712Domain();
      expect(fields.name).to.equal("QENEX Token");
      expect(fields.version).to.equal("1");
      expect(fields.chainId).to.equal(chainId);
      expect(fields.verifyingContract).to.equal(await token.getAddress());
    });

    it("a signed permit sets the allowance, emits Approval and increments the nonce", async function () {
      const p = await signPermit(token, alice, { spender: bob.address, value: 42n, deadline: await inAnHour() });
      expect(await token.nonces(alice.address)).to.equal(0n);
      // anyone may submit it: carol pays the gas
      await expect(token.connect(carol).permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, 42n);
      expect(await token.allowance(alice.address, bob.address)).to.equal(42n);
      expect(await token.nonces(alice.address)).to.equal(1n);
      // and the spender can use it
      await token.transfer(alice.address, 100n);
      await token.connect(bob).transferFrom(alice.address, bob.address, 42n);
      expect(await token.balanceOf(bob.address)).to.equal(42n);
    });

    it("a permit cannot be replayed (its nonce is used)", async function () {
      const p = await signPermit(token, alice, { spender: bob.address, value: 42n, deadline: await inAnHour() });
      await token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s);
      await expect(token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)).to.be.revertedWithCustomError(
        token,
        "ERC2612InvalidSigner",
      );
    });

    it("a permit signed for the next nonce is refused until the current one is used", async function () {
      const deadline = await inAnHour();
      const ahead = await signPermit(token, alice, { spender: bob.address, value: 1n, nonce: 1n, deadline });
      await expect(
        token.permit(ahead.owner, ahead.spender, ahead.value, ahead.deadline, ahead.v, ahead.r, ahead.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      const first = await signPermit(token, alice, { spender: bob.address, value: 2n, deadline });
      await token.permit(first.owner, first.spender, first.value, first.deadline, first.v, first.r, first.s);
      await token.permit(ahead.owner, ahead.spender, ahead.value, ahead.deadline, ahead.v, ahead.r, ahead.s);
      expect(await token.allowance(alice.address, bob.address)).to.equal(1n);
      expect(await token.nonces(alice.address)).to.equal(2n);
    });

    it("refuses an expired deadline", async function () {
      const deadline = (await latestTimestamp()) - 1n;
      const p = await signPermit(token, alice, { spender: bob.address, value: 42n, deadline });
      await expect(token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
      expect(await token.nonces(alice.address)).to.equal(0n);
    });

    it("refuses a permit signed by someone other than the owner", async function () {
      const p = await signPermit(token, carol, {
        owner: alice.address,
        spender: bob.address,
        value: 42n,
        deadline: await inAnHour(),
      });
      await expect(token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(carol.address, alice.address);
      expect(await token.allowance(alice.address, bob.address)).to.equal(0n);
    });

    it("refuses a permit whose value was changed after signing", async function () {
      const p = await signPermit(token, alice, { spender: bob.address, value: 42n, deadline: await inAnHour() });
      await expect(token.permit(p.owner, p.spender, 43n, p.deadline, p.v, p.r, p.s)).to.be.revertedWithCustomError(
        token,
        "ERC2612InvalidSigner",
      );
    });

    it("a permit for another deployment of the token is refused", async function () {
      const other = await deployToken({ admin: admin.address });
      const p = await signPermit(other, alice, { spender: bob.address, value: 42n, deadline: await inAnHour() });
      await expect(token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)).to.be.revertedWithCustomError(
        token,
        "ERC2612InvalidSigner",
      );
    });

    it("permits still work while paused (they only approve)", async function () {
      await token.pause();
      const p = await signPermit(token, alice, { spender: bob.address, value: 5n, deadline: await inAnHour() });
      await token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s);
      expect(await token.allowance(alice.address, bob.address)).to.equal(5n);
    });
  });
});
