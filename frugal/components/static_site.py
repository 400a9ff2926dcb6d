"""StaticSite: the page, from a private S3 bucket through CloudFront with Origin Access Control.

Each gotcha the seed author hit is designed out here:
- no S3 website endpoint and no OAI: the bucket stays private and only this distribution may read it;
- `index.html` and `config.json` get their own CachingDisabled behaviour, so a redeploy shows at once
  without an invalidation (the managed CachingOptimized policy's 1 s minimum TTL overrides no-cache);
- `/` is served through `defaultRootObject`;
- with a custom domain, the certificate is made in us-east-1 and the domain is an alias on the
  distribution before the Route 53 alias records point at it;
- every response carries security headers from one response headers policy (free), on every cache
  behaviour: a Content-Security-Policy that lets the page talk to its own origin and its API only,
  nosniff, no framing, a strict referrer policy and HSTS;
- the bucket policy denies every request without TLS, and with `access_logs` the bucket's server access
  logs and CloudFront's standard logs go to a `LogBucket` (both free of charge but for S3 storage).
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import origin_error
from frugal.components.base import Component, Moved
from frugal.components.domains import CustomDomain, dns_validated_certificate, public_zone_id
from frugal.components.iam import deny_insecure_transport, policy_document
from frugal.components.log_bucket import CLOUDFRONT_PREFIX, S3_ACCESS_PREFIX, LogDestination, private_bucket

# AWS managed cache policies, by id (checked 2026-12-08, sure):
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
# Files whose content changes with each deploy under the same name, so caches must always revalidate.
NO_CACHE_KEYS: tuple[str, ...] = ("index.html", "config.json")
CONFIG_KEY = "config.json"
# The page's JS and CSS keep their names across deploys, so their max-age stays short: a redeploy is
# visible within this many seconds at the edge and in browsers.
DEFAULT_ASSET_MAX_AGE_SECONDS = 300
S3_ORIGIN_ID = "site-bucket"
CLOUDFRONT_CERTIFICATE_REGION = "us-east-1"
HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60  # one year
REFERRER_POLICY = "strict-origin-when-cross-origin"

# Not every system's mime database knows these; guessing them wrong breaks module scripts and fonts.
_EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/vnd.microsoft.icon",
    ".map": "application/json",
}


def content_type_for(key: str) -> str:
    """The Content-Type a browser needs for `key`, from its file name; text types declare UTF-8."""
    suffix = Path(key).suffix.lower()
    guessed = (
        _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(key, strict=False)[0] or "application/octet-stream"
    )
    if guessed.startswith("text/") or guessed in ("application/json", "application/manifest+json"):
        return f"{guessed}; charset=utf-8"
    return guessed


def cache_control_for(key: str, asset_max_age_seconds: int = DEFAULT_ASSET_MAX_AGE_SECONDS) -> str:
    if key in NO_CACHE_KEYS:
        return "no-cache"
    return f"public, max-age={asset_max_age_seconds}"


def api_origin(api_url: str) -> str:
    """`https://host[:port]` of the API's base URL, the only other origin the page may connect to."""
    parts = urlsplit(api_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    problem = origin_error(origin, https_only=True)
    if problem or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"the API URL {api_url!r} must be an https base URL such as https://api.example.com")
    return origin


def csp_source_error(source: str) -> str | None:
    """None for an https CSP host source: an exact origin, or `https://*.` and a domain."""
    exact = source.replace("https://*.", "https://", 1) if source.startswith("https://*.") else source
    problem = origin_error(exact, https_only=True)
    return f"connect-src source {problem}" if problem else None


def content_security_policy(connect_source: str) -> str:
    """The page's own files, images from itself or data: URLs, and fetches to itself and its API only."""
    problem = csp_source_error(connect_source)
    if problem:
        raise ValueError(problem)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {connect_source}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def site_files(directory: str | os.PathLike[str]) -> dict[str, Path]:
    """Object key -> file for every file under `directory`, skipping hidden files and caches."""
    root = Path(directory)
    if not root.is_dir():
        raise ValueError(f"static site directory {str(root)!r} does not exist or is not a directory")
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or any(
            part.startswith(".") or part == "__pycache__" for part in relative.parts
        ):
            continue
        files[relative.as_posix()] = path
    if "index.html" not in files:
        raise ValueError(f"static site directory {str(root)!r} has no index.html (the default root object)")
    return files


class DeferredApiUrl:
    """The API URL for config.json, handed to StaticSite before the API exists.

    The API's CORS needs the site's origin and config.json needs the API's URL; wrapping
    `pulumi.deferred_output()` lets the site be declared first and its URL filled in later. Used as a
    context manager, so a program that fails before `resolve` fails with its error instead of
    waiting forever on config.json's unresolved input.
    """

    def __init__(self) -> None:
        self.output: pulumi.Output[str]
        self.output, self._resolve = pulumi.deferred_output()
        self._resolved = False

    def resolve(self, url: pulumi.Input[str]) -> None:
        self._resolve(pulumi.Output.from_input(url))
        self._resolved = True

    def __enter__(self) -> DeferredApiUrl:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._resolved:
            return
        reason = f"the program failed first ({exc!r})" if exc else "resolve() was never called"
        message = f"the API URL for the site's config.json was never resolved: {reason}"

        def fail(_: object) -> str:
            raise RuntimeError(message)

        self.resolve(pulumi.Output.from_input("").apply(fail))
        if exc is None:
            raise RuntimeError(message)


@dataclass
class StaticSiteArgs:
    directory: str
    """The directory to upload; its `config.json`, if any, is replaced by the generated one."""
    api_url: pulumi.Input[str]
    """The API's https base URL, written to config.json as {"apiBaseUrl": ...}."""
    api_origin: pulumi.Input[str] | None = None
    """The one other source the Content-Security-Policy lets the page connect to; default: `api_url`'s
    origin. Pass a value that doesn't wait on the API when the API waits on this site (its CORS needs
    the site's origin, and the distribution needs the policy): e.g. `https://*.execute-api.<region>.amazonaws.com`."""
    spa_fallback: bool = False
    """403/404 -> /index.html with 200, for client-side routing."""
    domain: CustomDomain | None = None
    """A custom domain: a us-east-1 certificate, the domain as an alias, A and AAAA records."""
    asset_max_age_seconds: int = DEFAULT_ASSET_MAX_AGE_SECONDS
    """Cache-Control max-age of everything but index.html and config.json (which are no-cache)."""
    comment: str = "static site"
    """The distribution's comment, as the CloudFront console lists it."""
    access_logs: LogDestination | None = None
    """The bucket's server access logs (under `s3-access/<name>/`) and CloudFront's standard logs (under
    `cloudfront/<name>/`) go to this log bucket: neither has a charge of its own, only S3 storage. None: no
    access logs."""

    def __post_init__(self) -> None:
        if not isinstance(self.asset_max_age_seconds, int) or self.asset_max_age_seconds < 0:
            raise ValueError(f"asset_max_age_seconds must be 0 or more, got {self.asset_max_age_seconds!r}")


class StaticSite(Component):
    """A private bucket, CloudFront with OAC in front, the uploaded files and a generated config.json."""

    url: pulumi.Output[str]
    """`<origin>/`, the page."""
    origin: pulumi.Output[str]
    """`https://<domain>`: what the API's CORS must allow."""
    bucket_name: pulumi.Output[str]
    distribution_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: StaticSiteArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:StaticSite", name, opts, moved)
        self._label = name
        files = site_files(args.directory)
        bucket, public_access_block, ownership = self._bucket()
        oac = self._origin_access_control()
        zone_id, certificate_arn = self._certificate(args)
        headers = self._security_headers(args)
        distribution = self._distribution(args, bucket, oac, headers, certificate_arn)
        self._bucket_policy(bucket, distribution, public_access_block)
        if args.access_logs is not None:
            self._server_access_logs(bucket, args.access_logs)
        self._upload(args, files, bucket, ownership)
        if args.domain is not None and zone_id is not None:
            self._alias_records(args.domain, zone_id, distribution)
            self.origin = pulumi.Output.from_input(f"https://{args.domain.domain_name}")
        else:
            self.origin = pulumi.Output.concat("https://", distribution.domain_name)

        self.url = self.origin.apply(lambda origin: f"{origin}/")
        self.bucket_name = bucket.bucket
        self.distribution_id = distribution.id
        self.finish(
            {
                "url": self.url,
                "origin": self.origin,
                "bucketName": self.bucket_name,
                "distributionId": self.distribution_id,
            }
        )

    def _bucket(
        self,
    ) -> tuple[aws.s3.Bucket, aws.s3.BucketPublicAccessBlock, aws.s3.BucketOwnershipControls]:
        """Private: Block Public Access fully on, objects owned by the bucket owner (no ACLs)."""
        return private_bucket(self, f"{self._label}-bucket", "BucketOwnerEnforced")

    def _origin_access_control(self) -> aws.cloudfront.OriginAccessControl:
        return aws.cloudfront.OriginAccessControl(
            f"{self._label}-oac",
            description="CloudFront reads the private site bucket with SigV4",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=self.child_opts(f"{self._label}-oac"),
        )

    def _certificate(
        self, args: StaticSiteArgs
    ) -> tuple[pulumi.Output[str] | None, pulumi.Output[str] | None]:
        """The domain's zone and a us-east-1 certificate for it (CloudFront takes no other region's)."""
        if args.domain is None:
            return None, None
        zone_id = public_zone_id(args.domain, self)
        provider_name = f"{self._label}-us-east-1"
        us_east_1 = aws.Provider(
            provider_name, region=CLOUDFRONT_CERTIFICATE_REGION, opts=self.child_opts(provider_name)
        )
        certificate_arn = dns_validated_certificate(
            self._label, args.domain, zone_id, parent=self, provider=us_east_1
        )
        return zone_id, certificate_arn

    def _security_headers(self, args: StaticSiteArgs) -> aws.cloudfront.ResponseHeadersPolicy:
        """Headers on every response, overriding any the origin sent (S3 sends none of these)."""
        name = f"{self._label}-headers"
        return aws.cloudfront.ResponseHeadersPolicy(
            name,
            comment="Security headers for the site: CSP (self and the API), nosniff, no framing, HSTS",
            security_headers_config=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs(
                content_security_policy=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs(
                    content_security_policy=self._connect_source(args).apply(content_security_policy),
                    override=True,
                ),
                content_type_options=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs(
                    override=True
                ),
                frame_options=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs(
                    frame_option="DENY", override=True
                ),
                referrer_policy=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs(
                    referrer_policy=REFERRER_POLICY, override=True
                ),
                strict_transport_security=aws.cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs(
                    access_control_max_age_sec=HSTS_MAX_AGE_SECONDS,
                    include_subdomains=True,
                    preload=False,
                    override=True,
                ),
            ),
            opts=self.child_opts(name),
        )

    @staticmethod
    def _connect_source(args: StaticSiteArgs) -> pulumi.Output[str]:
        if args.api_origin is not None:
            return pulumi.Output.from_input(args.api_origin)
        return pulumi.Output.from_input(args.api_url).apply(api_origin)

    def _distribution(
        self,
        args: StaticSiteArgs,
        bucket: aws.s3.Bucket,
        oac: aws.cloudfront.OriginAccessControl,
        headers: aws.cloudfront.ResponseHeadersPolicy,
        certificate_arn: pulumi.Output[str] | None,
    ) -> aws.cloudfront.Distribution:
        # Every behaviour serves the bucket over HTTPS, compressed, with the security headers.
        behaviour = {
            "target_origin_id": S3_ORIGIN_ID,
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ["GET", "HEAD"],
            "cached_methods": ["GET", "HEAD"],
            "response_headers_policy_id": headers.id,
            "compress": True,
        }
        no_cache_behaviours = [
            aws.cloudfront.DistributionOrderedCacheBehaviorArgs(
                path_pattern=f"/{key}", cache_policy_id=CACHING_DISABLED_POLICY_ID, **behaviour
            )
            for key in NO_CACHE_KEYS
        ]
        custom_error_responses = (
            [
                aws.cloudfront.DistributionCustomErrorResponseArgs(
                    error_code=code,
                    response_code=200,
                    response_page_path="/index.html",
                    error_caching_min_ttl=10,
                )
                for code in (403, 404)
            ]
            if args.spa_fallback
            else None
        )
        if args.domain is None:
            viewer_certificate = aws.cloudfront.DistributionViewerCertificateArgs(
                cloudfront_default_certificate=True
            )
        else:
            viewer_certificate = aws.cloudfront.DistributionViewerCertificateArgs(
                acm_certificate_arn=certificate_arn,
                ssl_support_method="sni-only",
                minimum_protocol_version="TLSv1.2_2021",
            )
        return aws.cloudfront.Distribution(
            f"{self._label}-cdn",
            enabled=True,
            comment=args.comment,
            default_root_object="index.html",
            http_version="http2and3",
            is_ipv6_enabled=True,
            price_class="PriceClass_100",
            aliases=[args.domain.domain_name] if args.domain else None,
            origins=[
                aws.cloudfront.DistributionOriginArgs(
                    origin_id=S3_ORIGIN_ID,
                    domain_name=bucket.bucket_regional_domain_name,
                    origin_access_control_id=oac.id,
                )
            ],
            default_cache_behavior=aws.cloudfront.DistributionDefaultCacheBehaviorArgs(
                cache_policy_id=CACHING_OPTIMIZED_POLICY_ID, **behaviour
            ),
            ordered_cache_behaviors=no_cache_behaviours,
            custom_error_responses=custom_error_responses,
            restrictions=aws.cloudfront.DistributionRestrictionsArgs(
                geo_restriction=aws.cloudfront.DistributionRestrictionsGeoRestrictionArgs(
                    restriction_type="none"
                )
            ),
            viewer_certificate=viewer_certificate,
            logging_config=(
                aws.cloudfront.DistributionLoggingConfigArgs(
                    bucket=args.access_logs.bucket_domain_name,
                    prefix=f"{CLOUDFRONT_PREFIX}{self._label}/",
                    include_cookies=False,
                )
                if args.access_logs is not None
                else None
            ),
            opts=self.child_opts(
                f"{self._label}-cdn",
                # CloudFront checks at once that the log bucket takes ACLs (BucketOwnerPreferred).
                depends_on=list(args.access_logs.ready) if args.access_logs is not None else None,
            ),
        )

    def _bucket_policy(
        self,
        bucket: aws.s3.Bucket,
        distribution: aws.cloudfront.Distribution,
        public_access_block: aws.s3.BucketPublicAccessBlock,
    ) -> None:
        """Only this distribution, through OAC, may read the objects; nobody without TLS (free)."""
        name = f"{self._label}-bucket"
        aws.s3.BucketPolicy(
            name,
            bucket=bucket.id,
            policy=policy_document(
                [
                    {
                        "Sid": "CloudFrontReadsThroughOAC",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:GetObject",
                        "Resource": pulumi.Output.concat(bucket.arn, "/*"),
                        "Condition": {"StringEquals": {"AWS:SourceArn": distribution.arn}},
                    },
                    deny_insecure_transport("s3:*", [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")]),
                ]
            ),
            # S3 refuses a policy while Block Public Access is being changed, so apply it after.
            opts=self.child_opts(name, depends_on=[public_access_block]),
        )

    def _server_access_logs(self, bucket: aws.s3.Bucket, destination: LogDestination) -> None:
        name = f"{self._label}-bucket"
        aws.s3.BucketLogging(
            name,
            bucket=bucket.id,
            target_bucket=destination.bucket_name,
            target_prefix=f"{S3_ACCESS_PREFIX}{self._label}/",
            opts=self.child_opts(name, depends_on=list(destination.ready)),
        )

    def _upload(
        self,
        args: StaticSiteArgs,
        files: dict[str, Path],
        bucket: aws.s3.Bucket,
        ownership: aws.s3.BucketOwnershipControls,
    ) -> None:
        """Every file with its content type and caching, and the generated config.json."""
        for key, path in files.items():
            if key == CONFIG_KEY:
                continue
            name = f"{self._label}-{key}"
            aws.s3.BucketObjectv2(
                name,
                bucket=bucket.id,
                key=key,
                source=pulumi.FileAsset(str(path)),
                content_type=content_type_for(key),
                cache_control=cache_control_for(key, args.asset_max_age_seconds),
                opts=self.child_opts(name, depends_on=[ownership]),
            )
        name = f"{self._label}-{CONFIG_KEY}"
        aws.s3.BucketObjectv2(
            name,
            bucket=bucket.id,
            key=CONFIG_KEY,
            content=pulumi.Output.json_dumps({"apiBaseUrl": args.api_url}),
            content_type=content_type_for(CONFIG_KEY),
            cache_control=cache_control_for(CONFIG_KEY),
            opts=self.child_opts(name, depends_on=[ownership]),
        )

    def _alias_records(
        self, domain: CustomDomain, zone_id: pulumi.Output[str], distribution: aws.cloudfront.Distribution
    ) -> None:
        """A and AAAA aliases to the distribution, which lists the domain among its aliases."""
        for record_type in ("A", "AAAA"):
            name = f"{self._label}-alias-{record_type.lower()}"
            aws.route53.Record(
                name,
                zone_id=zone_id,
                name=domain.domain_name,
                type=record_type,
                aliases=[
                    aws.route53.RecordAliasArgs(
                        name=distribution.domain_name,
                        zone_id=distribution.hosted_zone_id,
                        evaluate_target_health=False,
                    )
                ],
                opts=self.child_opts(name),
            )
