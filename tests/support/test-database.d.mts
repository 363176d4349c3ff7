export function testDatabaseUrl(name: string): string;
export const testEngine: "postgresql" | "embedded";
export function recreateTestDatabase(url: string): Promise<void>;
export function lockTables(url: string, ...tables: string[]): Promise<() => Promise<void>>;
