import { SetMetadata } from '@nestjs/common';
import { JobName } from './jobs';

export const JOB_HANDLER = 'crm:job-handler';

/** Marks a provider method as the one handler of a job name (found at start-up). */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
