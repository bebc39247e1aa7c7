import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthProvider, checkStoredSessionEarly } from './auth/AuthProvider';
import './styles.css';
import { SCROLL_TO_ERROR, THEME } from './theme';

checkStoredSessionEarly();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME} form={{ scrollToFirstError: SCROLL_TO_ERROR }}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </ConfigProvider>
  </StrictMode>,
);
