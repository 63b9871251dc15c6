// Checks deploy/kubernetes/*.yaml offline: each document against the Kubernetes API's JSON schema for its
// apiVersion and kind (the schemas ship inside the kubernetes-models package: nothing is fetched), then Argon's
// own rules: non-root pods, read-only root filesystems, no privilege escalation, resource requests, health and
// readiness probes, the key mounted from a Secret, and Services that select a Deployment's pods.
// Usage: node check-kubernetes.mjs FILE... ; prints one line per problem and exits 1 if there is any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const problems = [];
const podLabels = [];
const services = [];

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    for (const error of doc.errors) problems.push(`${file}: YAML: ${error.message}`);
    const object = doc.toJS({ maxAliasCount: 100 });
    if (object == null) continue;
    const where = `${file}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
    validateSchema(object, where);
    if (object.kind === "Deployment") checkDeployment(object, where);
    if (object.kind === "Service") services.push({ where, selector: object.spec?.selector ?? {} });
  }
}

for (const { where, selector } of services) {
  const matches = podLabels.some(labels => Object.entries(selector).every(([k, v]) => labels[k] === v));
  if (!matches) problems.push(`${where}: its selector matches no Deployment's pods`);
}

for (const problem of problems) console.log(problem);
console.log(`kubernetes manifests: ${problems.length === 0 ? "ok" : `${problems.length} problem(s)`}`);
process.exit(problems.length === 0 ? 0 : 1);

function validateSchema(object, where) {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    problems.push(`${where}: no apiVersion or kind`);
    return;
  }

  // apps/v1 Deployment -> kubernetes-models/apps/v1/Deployment; v1 Service -> kubernetes-models/v1/Service.
  let Model;
  try {
    Model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  } catch {
    problems.push(`${where}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
    return;
  }

  try {
    new Model(object).validate();
  } catch (error) {
    for (const detail of error.errors ?? [{ instancePath: "", message: error.message }]) {
      problems.push(`${where}: schema: ${detail.instancePath || "/"} ${detail.message}${detail.params ? " " + JSON.stringify(detail.params) : ""}`);
    }
  }
}

function checkDeployment(deployment, where) {
  const pod = deployment.spec?.template?.spec ?? {};
  podLabels.push(deployment.spec?.template?.metadata?.labels ?? {});
  const podSecurity = pod.securityContext ?? {};
  const secretVolumes = new Set((pod.volumes ?? []).filter(v => v.secret).map(v => v.name));
  if (secretVolumes.size === 0) problems.push(`${where}: no Secret volume (the key file comes from a Secret)`);
  const all = [...(pod.initContainers ?? []).map(c => [c, true]), ...(pod.containers ?? []).map(c => [c, false])];
  for (const [container, init] of all) {
    const at = `${where}: container ${container.name}`;
    const security = container.securityContext ?? {};
    if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if ((security.runAsUser ?? podSecurity.runAsUser) === 0) problems.push(`${at}: runs as uid 0`);
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (!(security.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: capabilities are not dropped (drop: [ALL])`);
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push(`${at}: no cpu and memory requests`);
    if (init) continue;
    if (container.livenessProbe?.httpGet?.path !== "/healthz") problems.push(`${at}: the liveness probe is not GET /healthz`);
    if (container.readinessProbe?.httpGet?.path !== "/readyz") problems.push(`${at}: the readiness probe is not GET /readyz`);
    const keyFile = (container.env ?? []).find(e => e.name === "ARGON_KEY_FILE")?.value;
    if (!keyFile) problems.push(`${at}: no ARGON_KEY_FILE`);
  }
}
