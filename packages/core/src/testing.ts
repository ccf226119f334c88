// @modelroute/core/testing: test doubles for applications that test their routing. Time moves only
// when the test says so; shadow work runs only when the test flushes it.

export { manualClock, type ManualClock } from './clock/manual-clock.js';
export { manualShadowScheduler, type ManualShadowScheduler } from './shadow/manual-scheduler.js';
