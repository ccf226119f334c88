// The file each thread of a workerModel starts from (see thread-pool.ts). CommonJS, so that the thread can
// inherit every Node option of the process unchanged (an explicit execArgv is checked more strictly, and
// `--input-type`, given for a program passed with -e, makes Node refuse an ES module as a thread's file); it
// then imports the thread's code. Plain JavaScript, copied as it is to dist/.
import('./worker-entry.mjs');
