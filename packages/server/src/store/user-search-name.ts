import { normalizeForSearch } from '../domain/search/normalize.js';

/**
 * What the public directory matches a user by: name and username, normalized as message search
 * normalizes. Users without a username are not in the directory (empty). The store keeps this
 * column itself on every profile change, so no caller can forget it; the normalization is the
 * domain's pure function, shared so indexing and querying agree.
 */
export function userSearchName(displayName: string, username: string | null): string {
  return username ? normalizeForSearch(`${displayName} ${username}`) : '';
}
