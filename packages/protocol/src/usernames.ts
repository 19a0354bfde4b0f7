/**
 * What a username looks like, for refusing look-alikes: two usernames with the same skeleton
 * read alike in common fonts (`peyk_0fficial` and `peyk_official`, `rnasoud` and `masoud`), so
 * only the first one taken may have it. Usernames are a-z, 0-9 and _ (lower-cased), so the
 * confusable pairs that matter are few: Unicode's confusables (UTS #39) for that alphabet, less
 * the pairs most fonts tell apart.
 */
export function usernameSkeleton(username: string): string {
  return username
    .toLowerCase()
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/_+/g, '_');
}
