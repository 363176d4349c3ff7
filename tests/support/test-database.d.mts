export function testDatabaseUrl(name: string, server?: string): string;
export const testEngine: "postgresql" | "embedded";
export function recreateTestDatabase(url: string, server?: string): Promise<void>;
export function lockTables(url: string, ...tables: string[]): Promise<() => Promise<void>>;
