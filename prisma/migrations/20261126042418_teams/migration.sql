-- Teams own projects and subscriptions. Existing data is kept: every user becomes the owner of a
-- team of their own, which takes over their projects, subscription and Stripe customer.

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stripeCustomerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "ipAddress" TEXT,
    "traceId" TEXT,
    "sessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- Data: a team per existing user, owned by them.
INSERT INTO "Team" ("id", "name", "stripeCustomerId", "createdAt")
SELECT 'team_' || "id", "name" || '''s team', "stripeCustomerId", "createdAt" FROM "User";
INSERT INTO "Membership" ("id", "teamId", "userId", "role", "createdAt")
SELECT 'mem_' || "id", 'team_' || "id", "id", 'owner', "createdAt" FROM "User";

-- AlterTable: projects and subscriptions move to the owner's team.
ALTER TABLE "Project" DROP CONSTRAINT "Project_userId_fkey";
DROP INDEX "Project_userId_createdAt_idx";
ALTER TABLE "Project" ADD COLUMN "createdById" TEXT, ADD COLUMN "teamId" TEXT;
UPDATE "Project" SET "teamId" = 'team_' || "userId", "createdById" = "userId";
ALTER TABLE "Project" ALTER COLUMN "teamId" SET NOT NULL, DROP COLUMN "userId";

ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_userId_fkey";
DROP INDEX "Subscription_userId_key";
ALTER TABLE "Subscription" ADD COLUMN "teamId" TEXT;
UPDATE "Subscription" SET "teamId" = 'team_' || "userId";
ALTER TABLE "Subscription" ALTER COLUMN "teamId" SET NOT NULL, DROP COLUMN "userId";

-- A billing lock lives for seconds: any left over is dropped, not converted.
DELETE FROM "BillingLock";
ALTER TABLE "BillingLock" DROP CONSTRAINT "BillingLock_pkey",
DROP COLUMN "userId",
ADD COLUMN     "teamId" TEXT NOT NULL,
ADD CONSTRAINT "BillingLock_pkey" PRIMARY KEY ("teamId");

DROP INDEX "User_stripeCustomerId_key";
ALTER TABLE "User" DROP COLUMN "stripeCustomerId",
ADD COLUMN     "currentTeamId" TEXT;
UPDATE "User" SET "currentTeamId" = 'team_' || "id";

-- CreateIndex
CREATE UNIQUE INDEX "Team_stripeCustomerId_key" ON "Team"("stripeCustomerId");
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");
CREATE UNIQUE INDEX "Membership_teamId_userId_key" ON "Membership"("teamId", "userId");
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
CREATE INDEX "Invitation_teamId_createdAt_idx" ON "Invitation"("teamId", "createdAt");
CREATE INDEX "Activity_teamId_createdAt_idx" ON "Activity"("teamId", "createdAt");
CREATE INDEX "Project_teamId_createdAt_idx" ON "Project"("teamId", "createdAt");
CREATE UNIQUE INDEX "Subscription_teamId_key" ON "Subscription"("teamId");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Project" ADD CONSTRAINT "Project_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Project" ADD CONSTRAINT "Project_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
