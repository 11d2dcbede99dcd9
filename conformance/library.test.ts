/** The `library` profile: NFR-04 judged per message at the scale of the library studies. */
import { describe, expect, it } from 'vitest';
import { NFR_04 } from './checks/network.ts';
import { libraryStudies, libraryYaml } from './library.ts';
import { library } from './profiles.ts';

describe('the library profile (NFR-04 at library scale)', () => {
  it('draws the library studies that meet NFR-04, thousands of customers each', () => {
    const studies = libraryStudies();
    expect(studies).toContain('quickstart.yaml');
    // Studies that declare a breach are never drawn.
    expect(studies).not.toContain('registration-surge.yaml');
    expect(studies).not.toContain('cpp-day.yaml');
    expect(libraryYaml({ study: 'quickstart.yaml', seed: 17 })).toMatch(/^seed: 17$/m);
  });

  it('fails a library study on a mesh too dense for it, naming the late messages', () => {
    // quickstart at the default 1,000 meters a collector (it sets 300): its TOU schedule and text burst take > 120 s.
    const o = library.run({ study: 'quickstart.yaml', seed: 17 }, { mutants: [], sets: ['network.meters_per_collector=1000'] });
    expect(o.w.p.customers).toBe(2000);
    const r = NFR_04(o);
    expect(r.instances).toBeGreaterThan(10_000);
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations[0]).toMatch(/: 1[2-9]\d\.\d s|: \d{3,}\.\d s/);
  });
});
