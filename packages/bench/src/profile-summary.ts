import { readFileSync } from 'node:fs';

/**
 * `tsx src/profile-summary.ts <file.cpuprofile> [top]`: the functions with the most self time in
 * a V8 CPU profile (as written by `--profile`), with their share of the sampled time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export function topFunctions(
  profile: { nodes: ProfileNode[] },
  top: number,
): { name: string; share: number }[] {
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      .replace(/^.*node_modules\//, '')
      .replace(/^.*\/packages\//, '')
      .replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byName.set(name, (byName.get(name) ?? 0) + hits);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, share: total ? hits / total : 0 }));
}

const [file, count] = process.argv.slice(2);
if (file) {
  for (const { name, share } of topFunctions(JSON.parse(readFileSync(file, 'utf8')), Number(count ?? 25))) {
    console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}
