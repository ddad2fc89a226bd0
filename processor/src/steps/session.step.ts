import { SESSION_IDLE_MS, type SessionDraft, sessionKey } from '../session/partition-sessions.ts';
import { sessionId } from '../session/session-id.ts';
import { drop, type EventContext, OK, type Step, type StepResult } from './step.ts';

/**
 * Visits: 30 minutes of inactivity on (site, salt day, visitor hash) end a visit, and so does the report day's
 * midnight. Times are receipt times. Per event it writes the deltas the roll-ups sum: visit start, entry page,
 * bounce (+1 on the first page view, -1 on the second) and the gap since the previous event. It also times forms:
 * a submit or confirmation gets the time since the visit's first start of that form.
 */
export function sessionStep(draft: SessionDraft): Step {
  return {
    name: 'session',
    run(ctx: EventContext): StepResult {
      const { site, saltDay, visitor, receivedAt: t } = ctx.record;
      const e = ctx.record.event;
      const d = ctx.derived;
      const key = sessionKey(site, saltDay, visitor);
      let state = draft.get(key);
      if (state && state.day === d.day && t - state.lastTs <= SESSION_IDLE_MS) {
        if (state.ids.has(e.id)) return drop('duplicate_event');
        d.sessionStart = false;
        d.durationDeltaMs = Math.max(0, t - state.lastTs);
        state.lastTs = Math.max(state.lastTs, t);
      } else {
        state = {
          sessionId: sessionId(site, visitor, saltDay, t),
          day: d.day,
          lastTs: t,
          pageviews: 0,
          ids: new Set(),
          channel: ctx.eventChannel,
          channelHost: ctx.record.referrerHost?.toLowerCase() ?? '',
        };
        d.sessionStart = true;
        d.durationDeltaMs = 0;
      }
      state.ids.add(e.id);
      if (e.type === 'form_start' && !state.formStarts?.has(e.form)) {
        state.formStarts ??= new Map();
        state.formStarts.set(e.form, t);
      }
      if (e.type === 'form_submit' || e.type === 'form_confirm') {
        // A confirmation page may not name its form; in a visit with one started form it can only be that one.
        const starts = state.formStarts;
        const form = e.form ?? (starts?.size === 1 ? [...starts.keys()][0] : undefined);
        const started = form === undefined ? undefined : starts?.get(form);
        if (started !== undefined) d.formElapsedMs = Math.max(0, t - started);
      }
      if (e.type === 'pageview') {
        state.pageviews += 1;
        d.entry = state.pageviews === 1;
        d.bounceDelta = state.pageviews === 1 ? 1 : state.pageviews === 2 ? -1 : 0;
      }
      d.sessionId = state.sessionId;
      d.channel = state.channel;
      d.channelHost = state.channel === 'direct' ? '' : state.channelHost;
      draft.set(key, state);
      return OK;
    },
  };
}
