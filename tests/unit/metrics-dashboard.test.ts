// The sample Grafana dashboard and alert rules in docs/grafana name only metrics Trustgate exports,
// and Prometheus's own promtool accepts the rules.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trustgateMetrics } from "@/lib/metrics/registry";

const root = path.resolve(import.meta.dirname, "../..");
const dashboard = fs.readFileSync(path.join(root, "docs/grafana/trustgate-dashboard.json"), "utf8");
const alerts = path.join(root, "docs/grafana/trustgate-alerts.yml");

/** Metric family names (histogram series map to their family). */
function referenced(text: string): string[] {
  const names = text.match(/\b(trustgate|nodejs|process)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/_(bucket|count|sum)$/, "")))];
}

describe("docs/grafana", () => {
  it("the dashboard and the alerts use only exported metric names", async () => {
    const exported = new Set((await trustgateMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name));
    for (const name of referenced(dashboard + fs.readFileSync(alerts, "utf8"))) expect(exported, name).toContain(name);
  });

  it("promtool check rules accepts the alert rules", () => {
    expect(execFileSync("/usr/bin/promtool", ["check", "rules", alerts], { encoding: "utf8" })).toMatch(/SUCCESS: \d+ rules found/);
  });
});
