/** Who is making a request: a signed-in user on one of their sessions. */
export interface Caller {
  userId: number;
  sessionId: number;
}
