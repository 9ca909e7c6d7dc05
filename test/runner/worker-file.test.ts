/** Worker threads run compiled JavaScript: from TypeScript sources the runner says so instead of failing obscurely. */
import { loadScenario } from '../../scenarios/load';
import { runTasks } from '../../runner/run-tasks';

describe('runTasks from sources', () => {
  it('fails clearly, naming the build', async () => {
    const scenario = loadScenario('baseline');
    await expect(runTasks({ scenario, tasks: [{ index: 0, point: 0, replicate: 0, seed: 's', params: {} }], threads: 1, onRecord: () => {} })).rejects.toThrow(
      /runTasks: worker threads run compiled JavaScript .*worker\.js does not exist; run `npm run build`/,
    );
  });
});
