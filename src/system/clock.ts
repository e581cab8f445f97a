// Wall-clock time, behind an interface so history names and dates can be tested.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
