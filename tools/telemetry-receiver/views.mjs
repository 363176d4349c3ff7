// @ts-check
/** Turns the stored GraphQL operations into one record per browser session. */

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

/**
 * @param {any[]} operations stored GraphQL operations
 * @param {{ withEvents?: boolean, resolveFrame?: (frame: any) => any }} options
 */
export function sessionsView(operations, { withEvents = false, resolveFrame } = {}) {
  /** @type {Map<string, any>} */
  const sessions = new Map();
  const session = (/** @type {string} */ id) => {
    let s = sessions.get(id);
    if (!s) {
      s = { secureId: id, user: null, properties: {}, feedback: [], eventCount: 0, events: [], resources: [], messages: [], errors: [] };
      sessions.set(id, s);
    }
    return s;
  };
  for (const op of operations) {
    const v = op.variables ?? {};
    const id = v.session_secure_id ?? v.data?.session_secure_id;
    if (typeof id !== "string") continue;
    const s = session(id);
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
        if (withEvents) s.events.push(...payload.events);
        s.resources.push(...payload.resources);
        s.messages.push(...payload.messages);
        s.errors.push(
          ...payload.errors.map((/** @type {any} */ error) =>
            resolveFrame && Array.isArray(error.stackTrace) ? { ...error, stackTrace: error.stackTrace.map(resolveFrame) } : error,
          ),
        );
        break;
      }
    }
  }
  return [...sessions.values()].map((s) => (withEvents ? s : { ...s, events: undefined }));
}
