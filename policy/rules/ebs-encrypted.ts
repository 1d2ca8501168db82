import { onlyTypes } from "../lib/applies";
import { flag, list, record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

/**
 * Node volumes hold model weights, container layers and, for Prometheus, the
 * metrics of every tenant; a snapshot shared by mistake or a volume left behind
 * must not be readable. Encryption is explicit on every volume we declare
 * rather than left to the account's EBS default (EC2.7), which a new China
 * account does not have switched on.
 */
export const ebsEncrypted: PlatformResourceRule = {
  name: "ebs-encrypted",
  description: "EBS volumes are encrypted: launch-template and instance block devices, volumes, EBS StorageClasses; node groups use a launch template.",
  control: "AWS Security Hub FSBP EC2.3",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes([
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/instance:Instance",
    "aws:ebs/volume:Volume",
    "aws:eks/nodeGroup:NodeGroup",
    "kubernetes:storage.k8s.io/v1:StorageClass",
  ], (args, report) => {
    const props = args.props;
    switch (args.type) {
      case "aws:ec2/launchTemplate:LaunchTemplate": {
        const mappings = list(props.blockDeviceMappings).map((m) => record(m) ?? {}).filter((m) => record(m.ebs));
        if (mappings.length === 0) report("no EBS block device mapping: the root volume's encryption would depend on the account default; map it with ebs.encrypted \"true\".");
        for (const m of mappings) {
          if (flag(record(m.ebs)!.encrypted) !== true) report(`block device ${text(m.deviceName) ?? "?"} is not encrypted: set ebs.encrypted "true".`);
        }
        return;
      }
      case "aws:ec2/instance:Instance": {
        if (flag(record(props.rootBlockDevice)?.encrypted) !== true) report("rootBlockDevice.encrypted is not true.");
        list(props.ebsBlockDevices).forEach((d, i) => {
          if (flag(record(d)?.encrypted) !== true) report(`ebsBlockDevices[${i}] is not encrypted.`);
        });
        return;
      }
      case "aws:ebs/volume:Volume":
        if (flag(props.encrypted) !== true) report("encrypted is not true.");
        return;
      case "aws:eks/nodeGroup:NodeGroup":
        if (!record(props.launchTemplate)) report("node group without a launch template: its disk's encryption would depend on the account default; use a launch template with an encrypted volume.");
        return;
      default: {
        if (!EBS_PROVISIONERS.includes(text(props.provisioner) ?? "")) args.notApplicable("not an EBS StorageClass");
        if (flag(record(props.parameters)?.encrypted) !== true) report("EBS StorageClass without parameters.encrypted \"true\": persistent volumes would be unencrypted.");
      }
    }
  }),
};
