import { create, fromBinary } from '@bufbuild/protobuf';
import {
  type Difference,
  DifferenceSchema,
  Limits,
  type State,
  StateSchema,
  UpdateSchema,
} from '@peyk/protocol';
import type { Repositories } from '../../store/store.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { invalidInput } from '../errors.js';
import { requireLimit } from '../validate.js';
import { personalize } from './fanout.js';

/** How far behind a client may be before it is told to reload instead of replaying. */
export const MAX_DIFFERENCE = 100_000;

/** The user's update sequence: where they are, and what they missed. */
export class SyncService {
  constructor(
    private readonly read: Repositories,
    private readonly clock: Clock,
  ) {}

  async state(caller: Caller): Promise<State> {
    return create(StateSchema, {
      pts: await this.read.updates.userPts(caller.userId),
      date: this.clock.now(),
    });
  }

  async difference(caller: Caller, fromPts: number, requestedLimit: number): Promise<Difference> {
    const limit = requireLimit(requestedLimit, Limits.differencePage, Limits.differencePage, 'limit');
    const current = await this.state(caller);
    if (fromPts > current.pts) throw invalidInput('pts is ahead of the server');
    if (current.pts - fromPts > MAX_DIFFERENCE) {
      return create(DifferenceSchema, { updates: [], state: current, partial: false, tooLong: true });
    }
    const stored = await this.read.updates.userUpdatesAfter(caller.userId, fromPts, limit);
    const updates = stored.map((row) =>
      personalize(fromBinary(UpdateSchema, row.payload), caller.userId, row.pts),
    );
    const last = updates.at(-1)?.pts ?? fromPts;
    const partial = last < current.pts;
    return create(DifferenceSchema, {
      updates,
      state: partial ? create(StateSchema, { pts: last, date: current.date }) : current,
      partial,
      tooLong: false,
    });
  }
}
