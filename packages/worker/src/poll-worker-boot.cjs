// The file a polling thread starts from (see poll-pool.ts). CommonJS, so that the thread can inherit every
// Node option of the process unchanged (an explicit execArgv is checked more strictly, and `--input-type`,
// given for a program passed with -e, makes Node refuse an ES module as a thread's file), then it imports the
// thread's code.
import('./poll-worker.mjs');
