/**
 * ESLint rules that enforce docs/observability-review.md where a machine can.
 * Registered as the `observability` plugin in eslint.config.mjs; tested in tests/unit/eslint-rules.test.ts.
 */

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** snake_case, verb then noun, each word starting with a letter: save_subscription, load_dashboard. */
const SPAN_NAME = /^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)+$/;
const SECRET_KEY = /pass(word|wd)?(hash)?$|^pwd$|token|secret|authorization|cookie|api[_-]?key|card(number)?$|cvc|cvv/i;
const LOGGER_NAMES = new Set(["logger", "console", "log"]);

const calleeName = (node) =>
  node?.type === "CallExpression" ? (node.callee.type === "Identifier" ? node.callee.name : node.callee.property?.name) : null;

/** `export const X = …` and `export function X` at the top level of a module. */
function* exportedBindings(program) {
  for (const statement of program.body) {
    if (statement.type !== "ExportNamedDeclaration" || !statement.declaration) continue;
    const declaration = statement.declaration;
    if (declaration.type === "VariableDeclaration") {
      for (const d of declaration.declarations) if (d.id.type === "Identifier") yield { name: d.id.name, init: d.init, node: d };
    } else if (declaration.type === "FunctionDeclaration" && declaration.id) {
      yield { name: declaration.id.name, init: null, node: declaration };
    }
  }
}

const routeHandlersWrapped = {
  meta: {
    type: "problem",
    docs: { description: "Route handlers must be wrapped in withHighlight (trace, session link, 500 handling), directly or through a project wrapper built on it." },
    messages: { unwrapped: "Route handler {{name}} must be exported as {{wrappers}}(...) (see lib/observability/server/route.ts)." },
    // `wrappers`: the project's own composers of withHighlight (e.g. apiRoute in lib/http.ts).
    schema: [{ type: "object", properties: { wrappers: { type: "array", items: { type: "string" } } }, additionalProperties: false }],
  },
  create(context) {
    const wrappers = new Set(["withHighlight", ...(context.options[0]?.wrappers ?? [])]);
    return {
      Program(program) {
        for (const binding of exportedBindings(program)) {
          if (!HTTP_METHODS.has(binding.name)) continue;
          if (!wrappers.has(calleeName(binding.init))) {
            context.report({ node: binding.node, messageId: "unwrapped", data: { name: binding.name, wrappers: [...wrappers].join("(...) or ") } });
          }
        }
      },
    };
  },
};

const serverActionsWrapped = {
  meta: {
    type: "problem",
    docs: { description: "Server actions must be wrapped in withHighlightAction (validation, span, error reporting)." },
    messages: { unwrapped: "Server action {{name}} must be exported as withHighlightAction(...) (see lib/observability/server/action.ts)." },
    schema: [],
  },
  create(context) {
    return {
      Program(program) {
        const useServer = program.body.some(
          (s) => s.type === "ExpressionStatement" && s.directive === "use server",
        );
        if (!useServer) return;
        for (const binding of exportedBindings(program)) {
          if (calleeName(binding.init) !== "withHighlightAction") context.report({ node: binding.node, messageId: "unwrapped", data: { name: binding.name } });
        }
      },
    };
  },
};

const spanNames = {
  meta: {
    type: "suggestion",
    docs: { description: "Span and action names are literal snake_case verb_noun (save_subscription), never handler or span1." },
    messages: {
      badName: "Span name '{{name}}' should be snake_case verb_noun, e.g. save_subscription.",
      notLiteral: "Span names must be string literals, so traces stay searchable.",
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!["withSpan", "withHighlightAction", "withHighlightPage", "startActiveSpan", "startSpan"].includes(name)) return;
        const first = node.arguments[0];
        if (!first) return;
        if (first.type === "Literal" && typeof first.value === "string") {
          if (!SPAN_NAME.test(first.value)) context.report({ node: first, messageId: "badName", data: { name: first.value } });
        } else if (first.type === "TemplateLiteral" && first.expressions.length === 0) {
          const value = first.quasis[0].value.cooked;
          if (!SPAN_NAME.test(value)) context.report({ node: first, messageId: "badName", data: { name: value } });
        } else if (name !== "startActiveSpan" && name !== "startSpan") {
          context.report({ node: first, messageId: "notLiteral" });
        }
      },
    };
  },
};

const noSecretLogging = {
  meta: {
    type: "problem",
    docs: { description: "Never log passwords, tokens, secrets, cookies or card data." },
    messages: { secret: "Do not log '{{key}}': it may hold a secret (logs are shipped to Highlight)." },
    schema: [],
  },
  create(context) {
    const checkValue = (value) => {
      if (!value) return;
      if (value.type === "Identifier" && SECRET_KEY.test(value.name)) context.report({ node: value, messageId: "secret", data: { key: value.name } });
      if (value.type === "ObjectExpression") {
        for (const property of value.properties) {
          if (property.type !== "Property") continue;
          const key = property.key.type === "Identifier" ? property.key.name : property.key.type === "Literal" ? String(property.key.value) : null;
          if (key && SECRET_KEY.test(key)) context.report({ node: property, messageId: "secret", data: { key } });
          else checkValue(property.value);
        }
      }
      if (value.type === "MemberExpression" && value.property.type === "Identifier" && SECRET_KEY.test(value.property.name)) {
        context.report({ node: value, messageId: "secret", data: { key: value.property.name } });
      }
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression" || callee.object.type !== "Identifier") return;
        const isLog = LOGGER_NAMES.has(callee.object.name) || (callee.object.name === "H" && callee.property.name === "log");
        if (!isLog) return;
        for (const argument of node.arguments) checkValue(argument);
      },
    };
  },
};

const plugin = {
  meta: { name: "observability" },
  rules: {
    "route-handlers-wrapped": routeHandlersWrapped,
    "server-actions-wrapped": serverActionsWrapped,
    "span-names": spanNames,
    "no-secret-logging": noSecretLogging,
  },
};

export default plugin;
