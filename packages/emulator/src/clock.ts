/**
 * The emulator's notion of "now". Tests skew it to reproduce a client whose clock
 * is off (AADSTS700024) without touching the machine clock.
 */
export class EmulatorClock {
  skewSeconds = 0;

  constructor(skewSeconds = 0) {
    this.skewSeconds = skewSeconds;
  }

  nowMs(): number {
    return Date.now() + this.skewSeconds * 1000;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  now(): Date {
    return new Date(this.nowMs());
  }
}
