/**
 * The optional WAF web ACL in front of CloudFront (`-c webAclArn=…`), the outer layer of the API's limits. A
 * web ACL for CloudFront has scope CLOUDFRONT, which exists only in us-east-1 (or in the China regions' own
 * WAF console), so it is created outside this single-region stack and named here by its ARN.
 */
import { DeploymentContextError } from './deployment.ts';

// wafv2 ARNs of scope CLOUDFRONT: arn:<partition>:wafv2:<region>:<account>:global/webacl/<name>/<id>.
const WEB_ACL_ARN =
  /^arn:aws(-cn)?:wafv2:[a-z0-9-]+:\d{12}:global\/webacl\/[A-Za-z0-9_-]{1,128}\/[0-9a-f-]{36}$/;

/**
 * @returns the ARN, or undefined when none was given
 * @throws DeploymentContextError for anything but the ARN of a CLOUDFRONT-scope wafv2 web ACL
 */
export function resolveWebAclArn(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !WEB_ACL_ARN.test(value.trim())) {
    throw new DeploymentContextError(
      `-c webAclArn=${String(value)} is not the ARN of a WAF web ACL for CloudFront (scope CLOUDFRONT, ` +
        'e.g. arn:aws:wafv2:us-east-1:111122223333:global/webacl/yijian/<id>; a regional web ACL cannot ' +
        'be attached to a distribution).',
    );
  }
  return value.trim();
}
