/**
 * The on-start script that stops the instance after `idleSeconds` without kernel activity: AWS's
 * published sample (aws-samples/amazon-sagemaker-notebook-instance-lifecycle-config-samples,
 * scripts/auto-stop-idle/on-start.sh), which installs its autostop.py and checks every 5 minutes
 * from cron; the Jupyter API it reads is local to the instance.
 */
export function autoStopScript(idleSeconds: number): string {
  return [
    '#!/bin/bash',
    'set -e',
    '# Written by sagectl (notebook.autoStopIdle): stop this instance when its kernels are idle.',
    `IDLE_TIME=${idleSeconds}`,
    'wget -q -O /home/ec2-user/autostop.py https://raw.githubusercontent.com/aws-samples/amazon-sagemaker-notebook-instance-lifecycle-config-samples/master/scripts/auto-stop-idle/autostop.py',
    'PYTHON_DIR=$(/usr/bin/env python3 -c "import sys; print(sys.executable)")',
    '(crontab -l 2>/dev/null; echo "*/5 * * * * $PYTHON_DIR /home/ec2-user/autostop.py --time $IDLE_TIME --ignore-connections >> /var/log/jupyter.log") | crontab -',
    '',
  ].join('\n');
}

/** The lifecycle configuration of the stack's notebook: `<stack>-autostop` (within 63 characters). */
export function lifecycleName(stack: string): string {
  return `${stack}-autostop`;
}
