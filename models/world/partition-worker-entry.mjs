// Worker threads do not inherit `--import tsx` on Node 20: register the TypeScript loader here, then
// hand piscina the partition task.
import { register } from 'tsx/esm/api';

register();
const { default: runPartitionTask } = await import('./partition-worker.ts');
export default runPartitionTask;
