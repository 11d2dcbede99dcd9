// Worker threads do not inherit `--import tsx` on Node 20: register the TypeScript loader here (the model's
// partition module is TypeScript too), then hand piscina the runtime's task.
import { register } from 'tsx/esm/api';

register();
const { default: runWorkerTask } = await import('./worker.ts');
export default runWorkerTask;
