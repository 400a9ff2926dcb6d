"""StaticSite: the page, from a private S3 bucket through CloudFront with Origin Access Control.

Each gotcha the seed author hit is designed out here:
- no S3 website endpoint and no OAI: the bucket stays private and only this distribution may read it;
- `index.html` and `config.json` get their own CachingDisabled behaviour, so a redeploy shows at once
  without an invalidation (the managed CachingOptimized policy's 1 s minimum TTL overrides no-cache);
- `/` is served through `defaultRootObject`;
- with a custom domain, the certificate is made in us-east-1 and the domain is an alias on the
  distribution before the Route 53 alias records point at it.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pulumi
import pulumi_aws as aws

from components.api_gateway_proxy import CustomDomain, dns_validated_certificate
from components.iam import policy_document

# AWS managed cache policies (AWS-FACTS.md, CloudFront + S3).
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
    # The directory to upload (app/static); its `config.json`, if any, is replaced by the generated one.
    directory: str
    # The API's base URL, written to config.json as {"apiBaseUrl": ...}, the one key the page reads.
    api_url: pulumi.Input[str]
    spa_fallback: bool = False
    domain: CustomDomain | None = None
    asset_max_age_seconds: int = DEFAULT_ASSET_MAX_AGE_SECONDS

    def __post_init__(self) -> None:
        if not isinstance(self.asset_max_age_seconds, int) or self.asset_max_age_seconds < 0:
            raise ValueError(f"asset_max_age_seconds must be 0 or more, got {self.asset_max_age_seconds!r}")


class StaticSite(pulumi.ComponentResource):
    """A private bucket, CloudFront with OAC in front, the uploaded files and a generated config.json."""

    url: pulumi.Output[str]
    origin: pulumi.Output[str]
    bucket_name: pulumi.Output[str]
    distribution_id: pulumi.Output[str]

    def __init__(self, name: str, args: StaticSiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("frugal:components:StaticSite", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        files = site_files(args.directory)

        bucket = aws.s3.Bucket(f"{name}-bucket", opts=child)
        public_access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-bucket",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        ownership = aws.s3.BucketOwnershipControls(
            f"{name}-bucket",
            bucket=bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
            opts=child,
        )
        oac = aws.cloudfront.OriginAccessControl(
            f"{name}-oac",
            description="CloudFront reads the private site bucket with SigV4",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=child,
        )

        certificate_arn: pulumi.Output[str] | None = None
        zone_id: pulumi.Output[str] | None = None
        if args.domain is not None:
            zone_id = aws.route53.get_zone_output(
                name=args.domain.hosted_zone, private_zone=False, opts=pulumi.InvokeOutputOptions(parent=self)
            ).zone_id
            # CloudFront only takes certificates from us-east-1, whatever the stack's region is.
            us_east_1 = aws.Provider(f"{name}-us-east-1", region=CLOUDFRONT_CERTIFICATE_REGION, opts=child)
            certificate_arn = dns_validated_certificate(
                name, args.domain, zone_id, parent=self, provider=us_east_1
            )

        no_cache_behaviours = [
            aws.cloudfront.DistributionOrderedCacheBehaviorArgs(
                path_pattern=f"/{key}",
                target_origin_id=S3_ORIGIN_ID,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=["GET", "HEAD"],
                cached_methods=["GET", "HEAD"],
                cache_policy_id=CACHING_DISABLED_POLICY_ID,
                compress=True,
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
        distribution = aws.cloudfront.Distribution(
            f"{name}-cdn",
            enabled=True,
            comment="frugal static site",
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
                target_origin_id=S3_ORIGIN_ID,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=["GET", "HEAD"],
                cached_methods=["GET", "HEAD"],
                cache_policy_id=CACHING_OPTIMIZED_POLICY_ID,
                compress=True,
            ),
            ordered_cache_behaviors=no_cache_behaviours,
            custom_error_responses=custom_error_responses,
            restrictions=aws.cloudfront.DistributionRestrictionsArgs(
                geo_restriction=aws.cloudfront.DistributionRestrictionsGeoRestrictionArgs(
                    restriction_type="none"
                )
            ),
            viewer_certificate=viewer_certificate,
            opts=child,
        )

        aws.s3.BucketPolicy(
            f"{name}-bucket",
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
                    }
                ]
            ),
            # S3 refuses a policy while Block Public Access is being changed, so apply it after.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[public_access_block]),
        )

        object_opts = pulumi.ResourceOptions(parent=self, depends_on=[ownership])
        for key, path in files.items():
            if key == CONFIG_KEY:
                continue
            aws.s3.BucketObjectv2(
                f"{name}-{key}",
                bucket=bucket.id,
                key=key,
                source=pulumi.FileAsset(str(path)),
                content_type=content_type_for(key),
                cache_control=cache_control_for(key, args.asset_max_age_seconds),
                opts=object_opts,
            )
        aws.s3.BucketObjectv2(
            f"{name}-{CONFIG_KEY}",
            bucket=bucket.id,
            key=CONFIG_KEY,
            content=pulumi.Output.json_dumps({"apiBaseUrl": args.api_url}),
            content_type=content_type_for(CONFIG_KEY),
            cache_control=cache_control_for(CONFIG_KEY),
            opts=object_opts,
        )

        if args.domain is not None and zone_id is not None:
            for record_type in ("A", "AAAA"):
                aws.route53.Record(
                    f"{name}-alias-{record_type.lower()}",
                    zone_id=zone_id,
                    name=args.domain.domain_name,
                    type=record_type,
                    aliases=[
                        aws.route53.RecordAliasArgs(
                            name=distribution.domain_name,
                            zone_id=distribution.hosted_zone_id,
                            evaluate_target_health=False,
                        )
                    ],
                    opts=child,
                )
            self.origin = pulumi.Output.from_input(f"https://{args.domain.domain_name}")
        else:
            self.origin = pulumi.Output.concat("https://", distribution.domain_name)

        self.url = self.origin.apply(lambda origin: f"{origin}/")
        self.bucket_name = bucket.bucket
        self.distribution_id = distribution.id
        self.register_outputs(
            {
                "url": self.url,
                "origin": self.origin,
                "bucketName": self.bucket_name,
                "distributionId": self.distribution_id,
            }
        )
