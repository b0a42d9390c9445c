-- Argo CD health of a KataConfig (kataconfiguration.openshift.io/v1), which Argo CD has no
-- check of its own for. Healthy only once Kata is installed on every selected node: the
-- operator reports progress in status.conditions (type InProgress) and per-node state in
-- status.kataNodes (openshift/sandboxed-containers-operator api/v1/kataconfig_types.go).
-- The KataConfig has no status.observedGeneration, so a status is taken as current.
-- Kept in argocd-cm.yaml as resource.customizations.health.kataconfiguration.openshift.io_KataConfig.
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report on the KataConfig"
  return hs
end
local nodes = obj.status.kataNodes or {}
local failed = nodes.failedToInstall or {}
if #failed > 0 then
  hs.status = "Degraded"
  hs.message = "Kata failed to install on " .. table.concat(failed, ", ")
  return hs
end
local progress = nil
for _, condition in ipairs(obj.status.conditions or {}) do
  if condition.type == "InProgress" then
    progress = condition
  end
end
if progress == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the installation"
  return hs
end
if progress.reason == "Failed" then
  hs.status = "Degraded"
  hs.message = progress.message or "The operator reports the installation failed"
  return hs
end
if progress.status == "True" then
  hs.status = "Progressing"
  hs.message = (progress.reason or "InProgress") .. ": " .. (progress.message or "installing Kata")
  return hs
end
local ready = nodes.readyNodeCount or 0
local total = nodes.nodeCount or 0
if progress.status == "False" and ready == total then
  hs.status = "Healthy"
  hs.message = "Kata is installed on " .. ready .. " of " .. total .. " nodes"
  return hs
end
hs.status = "Progressing"
hs.message = "Kata is installed on " .. ready .. " of " .. total .. " nodes"
return hs
