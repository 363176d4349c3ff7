import { expect, signIn, test, uniqueEmail } from "./fixtures";

test("create and delete a project", async ({ page }) => {
  await signIn(page);
  const name = `Launch ${Date.now()}`;
  const list = page.getByRole("list", { name: "Projects" });

  await page.getByLabel("Project name").fill(name);
  await page.getByLabel("Description").fill("Q4 launch plan");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(list.getByText(name)).toBeVisible();
  await expect(page.getByLabel("Project name")).toHaveValue("");

  await page.reload(); // it was saved, not only shown
  await expect(list.getByText(name)).toBeVisible();

  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(list.getByText(name)).toHaveCount(0);
  await page.reload();
  await expect(list.getByText(name)).toHaveCount(0);
});

test("an empty project name is refused with a message", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Name is required.")).toBeVisible();
});

test("settings: update the profile name", async ({ page }) => {
  const email = uniqueEmail("settings");
  const res = await page.request.post("/api/auth/signup", { data: { name: "Before", email, password: "password-1" } });
  expect(res.status()).toBe(201);
  await page.goto("/settings");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await page.getByLabel("Name").fill("After");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByText("Welcome back, After.")).toBeVisible();
});
