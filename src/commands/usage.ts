/**
 * The exit statuses every command shares, and the error for a command line that cannot be run as
 * given. Usage errors get their own status (64, EX_USAGE of sysexits.h) so a script can tell
 * "you called it wrong" from 1, "some records were skipped", and 2, "an input held no record".
 * Light on purpose: the command line imports it before it knows which command runs.
 */
import { UserError } from '../store/errors.js';

/** A usage error: an unknown option, a bad value, a `--base` the data folder was not made with. */
export const EX_USAGE = 64;

/** Exit status when the reader of stdout (or stderr) closed it early, as a tool killed by SIGPIPE (128 + 13). */
export const EX_PIPE = 141;

/** A command line that cannot be run as given: one line on stderr, exit status 64. */
export class UsageError extends UserError {
  /** The exit status the command line ends with. */
  readonly exitCode = EX_USAGE;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The `Exit status:` paragraph of a command's `--help`: its own statuses, then those every command
 * shares. `folder`: the command works on a data folder, which remembers its base.
 */
export function exitStatusHelp(own: string, folder: boolean): string {
  const usage = folder ? 'an unknown option, a bad or missing value, or a --base other than the one the data folder remembers' : 'an unknown option, a bad or missing value';
  return [
    '',
    `Exit status: ${own}.`,
    `1 also when the command stops on a problem it names on stderr${folder ? ' (a data folder in use or damaged, a full disk)' : ''};`,
    `${EX_USAGE} a usage error (${usage}); ${EX_PIPE} the reader of the output closed it early (as \`head\` does).`,
  ].join('\n');
}
