import { userInfo } from 'node:os';

/** "who": `--actor`, else $USER, else the OS user name, else "unknown". */
export function resolveActor(actor: string | undefined): string {
  if (actor !== undefined && actor !== '') return actor;
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
