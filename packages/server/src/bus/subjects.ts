/** Every bus subject Peyk uses, in one place. */
export const subjects = {
  /** Updates for one user (all of their sessions), encoded Update. */
  user: (userId: number) => `peyk.user.${userId}`,
  /** Control messages for one session: its revocation. */
  session: (sessionId: number) => `peyk.session.${sessionId}`,
};
