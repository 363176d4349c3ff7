import type { Rule } from "eslint";

declare const plugin: {
  meta: { name: string };
  rules: Record<"route-handlers-wrapped" | "server-actions-wrapped" | "span-names" | "no-secret-logging", Rule.RuleModule>;
};
export default plugin;
