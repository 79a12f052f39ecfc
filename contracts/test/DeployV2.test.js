// scripts/deploy-v2.js: Uniswap V2 from the npm build artifacts, with a funded QXC/WETH pool whose
// pair the router finds (the periphery build's init code hash is the v2-core pair's).
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { deployV2 } = require("../scripts/deploy-v2");
const { UNIT, deployToken, latestTimestamp } = require("./helpers");

describe("deploy-v2", function () {
  it("deploys WETH, the factory and Router02 and funds a QXC/WETH pool the router trades", async function () {
    const [deployer, trader] = await ethers.getSigners();
    const qxc = await deployToken({ admin: deployer.address });
    const qxcAddress = await qxc.getAddress();
    const { weth, factory, router, pool } = await deployV2(ethers, deployer, {
      qxcAddress,
      qxcAmount: 1000n * UNIT,
      ethAmount: 10n * UNIT,
    });
    const wethAddress = await weth.getAddress();
    expect(await router.factory()).to.equal(await factory.getAddress());
    expect(await router.WETH()).to.equal(wethAddress);
    expect(pool.pair).to.equal(await factory.getPair(qxcAddress, wethAddress));
    expect(await factory.allPairsLength()).to.equal(1n);

    const path = [wethAddress, qxcAddress];
    const [, quoted] = await router.getAmountsOut(UNIT, path);
    // UniswapV2Library.getAmountOut on the pool's reserves: 1 ETH in, 0.3% fee.
    const expected = (UNIT * 997n * (1000n * UNIT)) / (10n * UNIT * 1000n + UNIT * 997n);
    expect(quoted).to.equal(expected);
    const deadline = (await latestTimestamp()) + 600n;
    await router.connect(trader).swapExactETHForTokens(quoted, path, trader.address, deadline, { value: UNIT });
    expect(await qxc.balanceOf(trader.address)).to.equal(quoted);
  });
});
