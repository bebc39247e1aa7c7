import { UnrecoverableError } from 'bullmq';

/**
 * A failure that retrying cannot fix (malformed payload, a webhook answering 4xx, a record
 * that no longer exists): the job fails at once with this reason instead of retrying.
 */
export class PermanentJobError extends UnrecoverableError {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentJobError';
  }
}
