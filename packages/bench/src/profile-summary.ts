import { readFileSync } from 'node:fs';

/**
 * `tsx src/profile-summary.ts <file.cpuprofile> [top] [--inclusive]`: the functions with the most
 * self time (or, with --inclusive, time including what they call) in a V8 CPU profile, as
 * written by `--profile`, with their share of the sampled time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, '')
    .replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

export function topFunctions(
  profile: { nodes: ProfileNode[] },
  top: number,
  inclusive = false,
): { name: string; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const subtree = new Map<number, number>();
  const hitsUnder = (node: ProfileNode): number => {
    const known = subtree.get(node.id);
    if (known !== undefined) return known;
    let hits = node.hitCount ?? 0;
    for (const child of node.children ?? []) {
      const childNode = byId.get(child);
      if (childNode) hits += hitsUnder(childNode);
    }
    subtree.set(node.id, hits);
    return hits;
  };
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    total += node.hitCount ?? 0;
    const hits = inclusive ? hitsUnder(node) : (node.hitCount ?? 0);
    byName.set(nameOf(node), (byName.get(nameOf(node)) ?? 0) + hits);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, share: total ? hits / total : 0 }));
}

const args = process.argv.slice(2);
const [file, count] = args.filter((arg) => !arg.startsWith('--'));
if (file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  for (const { name, share } of topFunctions(profile, Number(count ?? 25), args.includes('--inclusive'))) {
    console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}
