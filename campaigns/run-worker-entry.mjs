// Worker threads do not inherit `--import tsx` on Node 20: register the TypeScript loader here, then hand
// piscina the campaign run task.
import { register } from 'tsx/esm/api';

register();
const { default: runCampaignTask } = await import('./run-worker.ts');
export default runCampaignTask;
