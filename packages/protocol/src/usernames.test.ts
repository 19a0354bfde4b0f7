import { describe, expect, it } from 'vitest';
import { usernameSkeleton } from './usernames.js';

describe('usernameSkeleton', () => {
  it('gives look-alike usernames one skeleton', () => {
    const alike = (a: string, b: string) =>
      expect(usernameSkeleton(a), `${a} ~ ${b}`).toBe(usernameSkeleton(b));
    alike('peyk_official', 'peyk_0fficial');
    alike('masoud_1990', 'rnasoud_l99o');
    alike('william', 'wi11iam');
    alike('news_bot', 'news__bot');
    alike('vvinner', 'winner');
    alike('Peyk_Team', 'peyk_team');
  });

  it('keeps usernames apart that read differently', () => {
    const apart = (a: string, b: string) =>
      expect(usernameSkeleton(a), `${a} ≁ ${b}`).not.toBe(usernameSkeleton(b));
    apart('ali_reza', 'all_reza');
    apart('sara_1', 'sara_2');
    apart('peyk_news', 'peyk_new_s');
    apart('clara', 'dara');
  });
});
