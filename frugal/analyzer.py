"""Run a Python policy pack the way the Pulumi engine does, and drive it over the analyzer gRPC protocol.

How the CLI does it (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`,
`NewPolicyAnalyzer`, and `sdk/python/dist/pulumi-analyzer-policy-python`): it starts
`python -u -m pulumi.policy <engine address> .` with the pack directory as the working directory,
the virtualenv named in PulumiPolicy.yaml's runtime options, and the stack in the environment
(`PULUMI_CONFIG` as JSON, `PULUMI_PROJECT`, `PULUMI_STACK`, `PULUMI_DRY_RUN`). The pack prints its
gRPC port as the first line on stdout. The engine then calls GetAnalyzerInfo, reconciles the
`--policy-pack-config` file with the policies' schemas (`pkg/resource/analyzer/config.go`,
`ReconcilePolicyPackConfig`), calls Configure, Analyze for each resource and AnalyzeStack at the end.

This module does the same with the protos the `pulumi` package ships. The engine address points at a
minimal Engine service (Log only) served here, so anything the pack logs is kept, not lost. AnalyzeStack
carries each resource's `dependencies` and `propertyDependencies`, as the engine sends them. The pack
gets `FRUGAL_COST_REPORT` in its environment (as a user may set it for the real CLI, whose plugins
inherit its environment): the frugal pack writes the cost table its budget judged there.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import jsonschema
import yaml
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, engine_pb2_grpc, plugin_pb2

ENFORCEMENT_LEVELS = ("advisory", "mandatory", "remediate", "disabled")
_LEVEL_TO_PROTO = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}
_PROTO_TO_LEVEL = {v: k for k, v in _LEVEL_TO_PROTO.items()}
_STARTUP_TIMEOUT_S = 30.0
_RPC_TIMEOUT_S = 60.0
# The frugal pack writes the cost table its budget judged to this path (frugal/policy/report.py).
COST_REPORT_ENV = "FRUGAL_COST_REPORT"


class PolicyPackError(Exception):
    """The pack can't be found, won't start, or failed while analyzing."""


class PolicyConfigError(Exception):
    """The policy config file is malformed or doesn't match the policies' schemas."""


@dataclass
class PolicyConfig:
    """One policy's effective config, as the engine sends it in Configure."""

    enforcement_level: str
    properties: dict[str, Any] | None = None


@dataclass
class PolicyInfo:
    name: str
    description: str
    enforcement_level: str
    config_schema: dict[str, Any] | None


@dataclass
class AnalyzerInfo:
    name: str
    version: str
    supports_config: bool
    policies: list[PolicyInfo]
    initial_config: dict[str, PolicyConfig]


@dataclass
class Violation:
    policy: str
    enforcement: str
    message: str
    urn: str
    description: str = ""
    pack: str = ""


@dataclass
class AnalyzerResource:
    """A resource as the engine hands it to Analyze / AnalyzeStack (properties already engine-marshalled)."""

    urn: str
    type: str
    name: str
    properties: dict[str, Any]
    parent: str | None = None
    provider: AnalyzerProvider | None = None
    dependencies: list[str] = field(default_factory=list)
    # Input property name -> the URNs its value came from (the engine's propertyDependencies).
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    protect: bool = False


@dataclass
class AnalyzerProvider:
    urn: str
    type: str
    name: str
    properties: dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Policy config: parsing and reconciling like the engine.


def load_policy_config_file(path: Path) -> dict[str, PolicyConfig]:
    """Parse a `--policy-pack-config` JSON file: each key maps to a level string or an object."""
    try:
        text = path.read_text()
    except OSError as exc:
        raise PolicyConfigError(f"cannot read policy config {path}: {exc.strerror}") from exc
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyConfigError(f"policy config {path} is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise PolicyConfigError(f"policy config {path} must be a JSON object of policy names")
    return parse_policy_config(raw, source=str(path))


def parse_policy_config(raw: Mapping[str, Any], *, source: str = "policy config") -> dict[str, PolicyConfig]:
    result: dict[str, PolicyConfig] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            result[key] = PolicyConfig(_check_level(value, key, source))
            continue
        if not isinstance(value, dict):
            raise PolicyConfigError(
                f"{source}: {key!r}: {value!r} is not a valid value; "
                "must be an enforcement level or an object"
            )
        properties = dict(value)
        level = properties.pop("enforcementLevel", "")
        if level != "":
            if not isinstance(level, str):
                raise PolicyConfigError(
                    f"{source}: {key!r}: enforcementLevel must be a string, got {level!r}"
                )
            _check_level(level, key, source)
        if not level and not properties:
            continue
        result[key] = PolicyConfig(level, properties or None)
    return result


def _check_level(level: str, key: str, source: str) -> str:
    if level not in ENFORCEMENT_LEVELS:
        raise PolicyConfigError(
            f"{source}: {key!r}: {level!r} is not a valid enforcement level "
            f"(one of {', '.join(ENFORCEMENT_LEVELS)})"
        )
    return level


def reconcile_policy_config(
    info: AnalyzerInfo, config: Mapping[str, PolicyConfig]
) -> dict[str, PolicyConfig]:
    """Schema defaults, then the pack's initial config, then the file; validated like the engine does."""
    result: dict[str, PolicyConfig] = {}
    for policy in info.policies:
        defaults = {
            key: schema["default"]
            for key, schema in ((policy.config_schema or {}).get("properties") or {}).items()
            if isinstance(schema, dict) and "default" in schema
        }
        result[policy.name] = PolicyConfig(policy.enforcement_level, defaults or None)
    for layer in (info.initial_config, config):
        _apply_config(result, layer)

    errors: list[str] = []
    known = {p.name for p in info.policies} | {"all"}
    for name, value in result.items():
        if name not in known:
            errors.append(f"{name}: no policy of that name in pack {info.name!r}")
        elif value.enforcement_level not in ENFORCEMENT_LEVELS:
            errors.append(f"{name}: invalid enforcement level {value.enforcement_level!r}")
    for policy in info.policies:
        schema = dict(policy.config_schema or {})
        schema["type"] = "object"
        validator = jsonschema.Draft7Validator(schema)
        for error in sorted(validator.iter_errors(result[policy.name].properties or {}), key=str):
            where = ".".join(str(p) for p in error.absolute_path)
            errors.append(f"{policy.name}: {where + ': ' if where else ''}{error.message}")
    if errors:
        raise PolicyConfigError("invalid policy config:\n  " + "\n  ".join(errors))
    return result


def _apply_config(result: dict[str, PolicyConfig], layer: Mapping[str, PolicyConfig]) -> None:
    all_config = layer.get("all")
    if all_config and all_config.enforcement_level in ENFORCEMENT_LEVELS:
        for name, value in result.items():
            result[name] = PolicyConfig(all_config.enforcement_level, value.properties)
    for name, given in layer.items():
        current = result.get(name, PolicyConfig(""))
        level = given.enforcement_level if given.enforcement_level in ENFORCEMENT_LEVELS else None
        properties = dict(current.properties or {})
        properties.update(given.properties or {})
        result[name] = PolicyConfig(level or current.enforcement_level, properties or None)


# ---------------------------------------------------------------------------------------------
# Property marshalling: Python values -> the engine's JSON-ish wire form.


def to_struct(properties: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(properties)
    return struct


# ---------------------------------------------------------------------------------------------
# The Engine service the pack may log to.


class _EngineLog(engine_pb2_grpc.EngineServicer):
    def __init__(self) -> None:
        self.messages: list[str] = []
        self._lock = threading.Lock()

    def Log(self, request, context):  # noqa: N802 - gRPC method name
        with self._lock:
            self.messages.append(request.message)
        return empty_pb2.Empty()


# ---------------------------------------------------------------------------------------------
# The pack process.


def pack_python(pack_dir: Path, runtime_options: Mapping[str, Any]) -> str:
    """The interpreter the CLI would use: the runtime's `virtualenv` when it exists, else this Python."""
    venv = runtime_options.get("virtualenv")
    if venv:
        # Not resolved: a virtualenv's bin/python is a symlink to the base interpreter, and only the
        # path inside the virtualenv makes Python use the virtualenv's packages.
        candidate = pack_dir / str(venv) / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return sys.executable


class _OwnedPopen(subprocess.Popen):
    """A Popen that is its owner's `_process` from before the fork on (see PolicyPack.start)."""

    def __init__(self, owner: PolicyPack, *args: Any, **kwargs: Any) -> None:
        owner._process = self
        super().__init__(*args, **kwargs)


class PolicyPack:
    """A running policy pack subprocess plus a gRPC client to it. Use as a context manager."""

    def __init__(
        self,
        pack_dir: Path,
        *,
        project: str,
        stack: str,
        config: Mapping[str, str] | None = None,
        organization: str = "organization",
    ) -> None:
        self.pack_dir = Path(pack_dir).resolve()
        manifest = self.pack_dir / "PulumiPolicy.yaml"
        if not manifest.is_file():
            raise PolicyPackError(f"no policy pack at {self.pack_dir}: PulumiPolicy.yaml not found")
        runtime, self.runtime_options = _read_runtime(manifest)
        if runtime != "python":
            raise PolicyPackError(
                f"policy pack {self.pack_dir} uses runtime {runtime!r}; only python is supported"
            )
        self.project = project
        self.stack = stack
        self.config = dict(config or {})
        self.organization = organization
        self.engine = _EngineLog()
        self._engine_server: grpc.Server | None = None
        self.engine_address = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self._stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self._stderr_chunks: list[bytes] = []
        self._report_dir: str | None = None
        # Where the pack writes its cost report (a pack that writes none leaves it absent).
        self.cost_report: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> PolicyPack:
        """Start the engine stub and the pack process; returns at once (the pack boots in the background)."""
        self._engine_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self._engine_server)
        engine_port = self._engine_server.add_insecure_port("127.0.0.1:0")
        self._engine_server.start()
        self.engine_address = f"127.0.0.1:{engine_port}"

        env = dict(os.environ)
        env.update(
            {
                "PULUMI_PROJECT": self.project,
                "PULUMI_STACK": self.stack,
                "PULUMI_DRY_RUN": "true",
                "PULUMI_ORGANIZATION": self.organization,
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.config:
            env["PULUMI_CONFIG"] = json.dumps(self.config)
        else:
            env.pop("PULUMI_CONFIG", None)
        self._report_dir = tempfile.mkdtemp(prefix="frugal-cost-")
        self.cost_report = Path(self._report_dir) / "cost.json"
        env[COST_REPORT_ENV] = str(self.cost_report)
        python = pack_python(self.pack_dir, self.runtime_options)
        # _OwnedPopen records itself here before it forks: a signal that interrupts Popen after the fork
        # (while it waits for the exec) would otherwise leave the pack running with nobody to stop it.
        self._process = _OwnedPopen(
            self,
            [python, "-u", "-m", "pulumi.policy", self.engine_address, "."],
            cwd=self.pack_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        threading.Thread(target=self._drain_stderr, args=(self._process.stderr,), daemon=True).start()
        return self

    def _drain_stderr(self, stream: Any) -> None:
        # Read until the pack exits (or close() shuts the pipe), so a chatty pack never blocks on a full pipe.
        try:
            for chunk in iter(lambda: stream.read1(65536), b""):
                self._stderr_chunks.append(chunk)
        except (OSError, ValueError):
            return

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr_chunks).decode(errors="replace")

    def _connect(self) -> analyzer_pb2_grpc.AnalyzerStub:
        if self._stub is not None:
            return self._stub
        if self._process is None:
            self.start()
        assert self._process and self._process.stdout
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        line = b""
        fd = self._process.stdout.fileno()
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise PolicyPackError(
                    f"policy pack {self.pack_dir} printed no port within {_STARTUP_TIMEOUT_S:.0f} s"
                )
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            byte = os.read(fd, 1)
            if not byte:
                self._process.wait(timeout=5)
                time.sleep(0.05)  # let the stderr reader finish
                detail = _last_lines("\n".join([*self.engine.messages, self.stderr]))
                self.close()
                raise PolicyPackError(f"policy pack {self.pack_dir} failed to start:\n{detail}")
            line += byte
        try:
            port = int(line.strip())
        except ValueError as exc:
            self.close()
            raise PolicyPackError(f"policy pack printed {line!r} where the engine expects its port") from exc
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        try:
            grpc.channel_ready_future(self._channel).result(timeout=_STARTUP_TIMEOUT_S)
        except grpc.FutureTimeoutError as exc:
            self.close()
            raise PolicyPackError(
                f"policy pack {self.pack_dir} printed port {port}, "
                f"but nothing answered there within {_STARTUP_TIMEOUT_S:.0f} s"
            ) from exc
        self._stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)
        return self._stub

    def close(self) -> None:
        """Stop the pack the way a Ctrl-C would (its server stops cleanly), then make sure it's gone."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        self._stub = None
        process, self._process = self._process, None
        if process is not None and getattr(process, "pid", None) is None:
            process = None  # interrupted before the fork: there is no pack to stop
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if process is not None:
            for stream in (process.stdout, process.stderr):
                if stream:
                    stream.close()
        if self._engine_server is not None:
            self._engine_server.stop(grace=None)
            self._engine_server = None
        if self._report_dir is not None:
            shutil.rmtree(self._report_dir, ignore_errors=True)
            self._report_dir = None

    def __enter__(self) -> PolicyPack:
        if self._process is not None:
            return self
        try:
            return self.start()
        except BaseException:  # a signal or an error half-way: __exit__ won't run, so stop it here
            self.close()
            raise

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- RPCs ------------------------------------------------------------------------------

    def _call(self, method: str, request: Any, *, optional: bool = False) -> Any:
        """One RPC; `optional` RPCs the pack doesn't implement return None, as the engine tolerates."""
        stub = self._connect()
        try:
            return getattr(stub, method)(request, timeout=_RPC_TIMEOUT_S)
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else None
            if optional and code == grpc.StatusCode.UNIMPLEMENTED:
                return None
            detail = exc.details() if hasattr(exc, "details") else str(exc)
            raise PolicyPackError(f"policy pack {method} failed: {detail}") from exc

    def handshake(self) -> None:
        """The engine's first call; packs that predate it answer UNIMPLEMENTED, which is fine."""
        request = analyzer_pb2.AnalyzerHandshakeRequest(
            engine_address=self.engine_address,
            root_directory=str(self.pack_dir),
            program_directory=str(self.pack_dir),
        )
        self._call("Handshake", request, optional=True)

    def analyzer_info(self) -> AnalyzerInfo:
        response = self._call("GetAnalyzerInfo", empty_pb2.Empty())
        policies = [
            PolicyInfo(
                name=p.name,
                description=p.description,
                enforcement_level=_PROTO_TO_LEVEL.get(p.enforcementLevel, "advisory"),
                config_schema=(
                    {
                        "properties": json_format.MessageToDict(p.configSchema.properties),
                        **({"required": list(p.configSchema.required)} if p.configSchema.required else {}),
                    }
                    if p.HasField("configSchema")
                    else None
                ),
            )
            for p in response.policies
        ]
        initial = {
            key: PolicyConfig(
                _PROTO_TO_LEVEL.get(value.enforcementLevel, "advisory"),
                json_format.MessageToDict(value.properties) or None,
            )
            for key, value in response.initialConfig.items()
        }
        return AnalyzerInfo(
            name=response.name,
            version=response.version,
            supports_config=response.supportsConfig,
            policies=sorted(policies, key=lambda p: p.name),
            initial_config=initial,
        )

    def plugin_version(self) -> str:
        response: plugin_pb2.PluginInfo = self._call("GetPluginInfo", empty_pb2.Empty())
        return response.version

    def configure_stack(self) -> None:
        """The stack's identity and config, as the engine sends them right after starting the pack."""
        request = analyzer_pb2.AnalyzerStackConfigureRequest(
            stack=self.stack, project=self.project, organization=self.organization, dry_run=True
        )
        request.config.update(self.config)
        self._call("ConfigureStack", request, optional=True)

    def configure(self, config: Mapping[str, PolicyConfig]) -> None:
        if not config:
            return
        request = analyzer_pb2.ConfigureAnalyzerRequest()
        for name, value in config.items():
            entry = analyzer_pb2.PolicyConfig(enforcementLevel=_LEVEL_TO_PROTO[value.enforcement_level])
            entry.properties.update(value.properties or {})
            request.policyConfig[name].CopyFrom(entry)
        self._call("Configure", request)

    def analyze(self, resource: AnalyzerResource) -> list[Violation]:
        request = analyzer_pb2.AnalyzeRequest(**_resource_fields(resource))
        # The engine files every Analyze diagnostic under the analyzed resource's URN, whatever the
        # diagnostic says (pkg/resource/deploy/step_generator.go); so does the preview.
        return _violations(self._call("Analyze", request), urn=resource.urn)

    def analyze_stack(self, resources: Iterable[AnalyzerResource]) -> list[Violation]:
        request = analyzer_pb2.AnalyzeStackRequest()
        for resource in resources:
            entry = analyzer_pb2.AnalyzerResource(
                **_resource_fields(resource),
                parent=resource.parent or "",
                dependencies=resource.dependencies,
            )
            for key, urns in resource.property_dependencies.items():
                if urns:  # the engine leaves out properties with no dependencies
                    entry.propertyDependencies[key].urns.extend(urns)
            request.resources.append(entry)
        return _violations(self._call("AnalyzeStack", request))


def _read_runtime(manifest: Path) -> tuple[str, dict[str, Any]]:
    """PulumiPolicy.yaml's runtime name and options (`runtime: python` or `runtime: {name:, options:}`)."""
    try:
        data = yaml.safe_load(manifest.read_text()) or {}
    except yaml.YAMLError as exc:
        raise PolicyPackError(f"{manifest} is not valid YAML: {exc}") from exc
    runtime = data.get("runtime") if isinstance(data, dict) else None
    if not isinstance(runtime, dict):
        return str(runtime or ""), {}
    options = runtime.get("options")
    return str(runtime.get("name", "")), dict(options) if isinstance(options, dict) else {}


def _resource_fields(resource: AnalyzerResource) -> dict[str, Any]:
    """The fields AnalyzeRequest and AnalyzeStack's AnalyzerResource share, as constructor arguments."""
    fields: dict[str, Any] = {
        "type": resource.type,
        "urn": resource.urn,
        "name": resource.name,
        "properties": to_struct(resource.properties),
        "options": _options(resource),
    }
    if resource.provider is not None:
        fields["provider"] = _provider(resource.provider)
    return fields


def _options(resource: AnalyzerResource) -> analyzer_pb2.AnalyzerResourceOptions:
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=resource.protect,
        parent=resource.parent or "",
        customTimeouts=analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(),
    )


def _provider(provider: AnalyzerProvider) -> analyzer_pb2.AnalyzerProviderResource:
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, urn=provider.urn, name=provider.name, properties=to_struct(provider.properties)
    )


def _violations(response: analyzer_pb2.AnalyzeResponse, *, urn: str | None = None) -> list[Violation]:
    return [
        Violation(
            policy=d.policyName,
            enforcement=_PROTO_TO_LEVEL.get(d.enforcementLevel, "advisory"),
            message=d.message,
            urn=d.urn if urn is None else urn,
            description=d.description,
            pack=d.policyPackName,
        )
        for d in response.diagnostics
    ]


def _last_lines(text: str, count: int = 25) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[-count:]) or "(no output)"
