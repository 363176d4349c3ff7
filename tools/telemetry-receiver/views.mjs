// @ts-check
/** Browser sessions, built incrementally from the stored GraphQL operations (one update per operation). */

/** PushPayload (plain variables) and PushSessionEvents (`data`, decoded) carry the same payload. */
function payloadOf(/** @type {any} */ op) {
  const p = op.field === "pushSessionEvents" ? op.variables.data : op.variables;
  if (!p || typeof p !== "object") return null;
  const list = (/** @type {any} */ value, /** @type {string} */ key) =>
    Array.isArray(value) ? value : Array.isArray(value?.[key]) ? value[key] : [];
  return {
    events: list(p.events, "events"),
    resources: list(p.resources, "resources"),
    messages: list(p.messages, "messages"),
    errors: list(p.errors, "errors"),
  };
}

export class SessionIndex {
  constructor() {
    /** @type {Map<string, any>} */
    this.sessions = new Map();
  }

  /** @param {string} id */
  session(id) {
    let s = this.sessions.get(id);
    if (!s) {
      s = { secureId: id, user: null, properties: {}, feedback: [], eventCount: 0, events: [], resources: [], messages: [], errors: [], firstTs: null, lastTs: null };
      this.sessions.set(id, s);
    }
    return s;
  }

  /** @param {any} op a stored GraphQL operation */
  apply(op) {
    const v = op.variables ?? {};
    const id = v.session_secure_id ?? v.data?.session_secure_id;
    if (typeof id !== "string") return;
    const s = this.session(id);
    s.firstTs = Math.min(s.firstTs ?? op.ts, op.ts);
    s.lastTs = Math.max(s.lastTs ?? op.ts, op.ts);
    switch (op.field) {
      case "initializeSession":
        Object.assign(s, {
          startedAt: op.ts,
          projectId: v.organization_verbose_id,
          serviceName: v.serviceName,
          environment: v.environment,
          appVersion: v.appVersion,
          privacySetting: v.privacy_setting,
          clientVersion: v.clientVersion,
        });
        break;
      case "identifySession":
        s.user = { identifier: v.user_identifier, ...(v.user_object ?? {}) };
        break;
      case "addSessionProperties":
        Object.assign(s.properties, v.properties_object ?? {});
        break;
      case "addSessionFeedback":
        s.feedback.push({ userName: v.user_name, userEmail: v.user_email, verbatim: v.verbatim, timestamp: v.timestamp });
        break;
      case "pushPayload":
      case "pushSessionEvents": {
        const payload = payloadOf(op);
        if (!payload) break;
        s.eventCount += payload.events.length;
        s.events.push(...payload.events);
        s.resources.push(...payload.resources);
        s.messages.push(...payload.messages);
        s.errors.push(...payload.errors);
        break;
      }
    }
  }

  clear() {
    this.sessions.clear();
  }

  /** @param {any} s */
  static summary(s) {
    const times = s.events.length ? [s.events[0].timestamp, s.events[s.events.length - 1].timestamp] : [s.firstTs, s.lastTs];
    return {
      secureId: s.secureId,
      startedAt: s.startedAt ?? s.firstTs,
      durationMs: Math.max(0, (times[1] ?? 0) - (times[0] ?? 0)),
      user: s.user,
      projectId: s.projectId,
      serviceName: s.serviceName,
      appVersion: s.appVersion,
      eventCount: s.eventCount,
      errorCount: s.errors.length,
      feedbackCount: s.feedback.length,
      requestCount: s.resources.length,
    };
  }

  /**
   * The full view of every session (the shape the e2e tests read), errors resolved through source maps.
   * @param {{ withEvents?: boolean, resolveFrame?: (frame: any) => any }} options
   */
  list({ withEvents = false, resolveFrame } = {}) {
    return [...this.sessions.values()].map((s) => this.full(s, { withEvents, resolveFrame }));
  }

  /** @param {any} s @param {{ withEvents?: boolean, resolveFrame?: (frame: any) => any }} options */
  full(s, { withEvents = true, resolveFrame } = {}) {
    const errors = s.errors.map((/** @type {any} */ error) =>
      resolveFrame && Array.isArray(error.stackTrace) ? { ...error, stackTrace: error.stackTrace.map(resolveFrame) } : error,
    );
    const rest = { ...s };
    delete rest.firstTs; // bookkeeping, not part of the view
    delete rest.lastTs;
    return { ...rest, errors, events: withEvents ? s.events : undefined };
  }
}
