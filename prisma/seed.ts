/**
 * Idempotent seed: the plans and the demo account (demo@example.com / demo1234), owner of a team with two projects.
 * Safe to run on every install: it never duplicates rows or resets a changed password.
 * `--plans-only` writes the plans alone: what a production database needs (no known-password account).
 */
import "dotenv/config";
import { PrismaClient } from "../generated/prisma/client";
import { createAdapter } from "../lib/db-adapter";
import { closeEmbeddedDatabases } from "../lib/embedded-database";
import { hashPassword } from "../lib/auth/password";
import { parseEnvVars } from "../lib/env";
import { DEMO_USER, demoAccountAllowed, PLANS } from "./seed-data";

const { DATABASE_URL } = parseEnvVars(process.env, ["DATABASE_URL"]);
const db = new PrismaClient({ adapter: createAdapter(DATABASE_URL) });

const plansOnly = process.argv.includes("--plans-only") || !demoAccountAllowed(process.env.NODE_ENV, DATABASE_URL);

try {
  for (const [sortOrder, plan] of PLANS.entries()) {
    const data = { ...plan, features: JSON.stringify(plan.features), sortOrder };
    await db.plan.upsert({ where: { id: plan.id }, create: data, update: data });
  }
  if (plansOnly) {
    const why = process.argv.includes("--plans-only") ? "--plans-only" : "production or remote database";
    console.log(`seed: ${PLANS.length} plans (no demo user: ${why})`);
  } else {
    await seedDemoUser();
  }
} finally {
  await db.$disconnect();
  await closeEmbeddedDatabases();
}

async function seedDemoUser(): Promise<void> {
  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email } });
  if (!existing) {
    // The demo user owns a team, which owns the two projects.
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash: await hashPassword(DEMO_USER.password) },
      });
      const team = await tx.team.create({
        data: {
          name: DEMO_USER.teamName,
          memberships: { create: { userId: user.id, role: "owner" } },
          projects: { create: DEMO_USER.projects.map((project) => ({ ...project, createdById: user.id })) },
        },
      });
      await tx.user.update({ where: { id: user.id }, data: { currentTeamId: team.id } });
    });
  }
  console.log(`seed: ${PLANS.length} plans, demo user ${DEMO_USER.email} ${existing ? "already present" : "created"}`);
}
