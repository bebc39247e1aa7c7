import { PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';

/**
 * Opens a report's print view (an A4 sheet, without the menu) for the same query the page shows:
 * the entry point from 项目库, 通报, 签约活动, 指标任务 and 通报排名.
 */
export function PrintButton({ to, children = '打印', size, type }: { to: string; children?: string; size?: 'small' | 'middle'; type?: 'link' | 'default' }) {
  const navigate = useNavigate();
  return (
    <Button icon={<PrinterOutlined />} size={size} type={type} onClick={() => navigate(to)} data-testid="print-open">
      {children}
    </Button>
  );
}
