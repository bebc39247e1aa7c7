import { CameraOutlined, DeleteOutlined, DownloadOutlined, EyeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, message as toast, Modal, Popconfirm, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { downloadFile } from '../../api/download';
import { ApiError, toApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { authFetch } from '../../api/session';
import { formatDate } from '../../format/date';
import { ACCEPT, formatSize, kindLabel, opensInline } from './attachment-files';
import './attachments.css';

type Attachment = Schemas['AttachmentView'];
export type AttachmentRecord = { kind: 'interaction' | 'project'; id: string };

const contentUrl = (id: string, download = false) => `/api/v1/attachments/${id}/content${download ? '?download=true' : ''}`;
const collection = (r: AttachmentRecord) => `/api/v1/${r.kind === 'interaction' ? 'interactions' : 'projects'}/${r.id}/attachments`;

/** The attachment's bytes with the user's token, as an object URL (revoked by the caller). */
async function objectUrl(id: string): Promise<string> {
  const res = await authFetch(new Request(contentUrl(id)));
  if (!res.ok) throw await toApiError(res);
  return URL.createObjectURL(await res.blob());
}

/** A thumbnail: the image itself (fetched with the token), else a label of the file's kind. */
function Thumb({ a }: { a: Attachment }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (!a.isImage || !opensInline(a.contentType)) return;
    let url: string | undefined;
    let live = true;
    objectUrl(a.id)
      .then((u) => (live ? setSrc((url = u)) : URL.revokeObjectURL(u)))
      .catch(() => undefined);
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [a.id, a.isImage, a.contentType]);
  return src ? <img className="attachment-thumb" src={src} alt={a.fileName} /> : <span className="attachment-thumb" aria-hidden>{kindLabel(a.contentType)}</span>;
}

/**
 * 附件 of a 对接记录 or a project: photos (the phone's camera directly), contracts, licences.
 * Files travel with the user's token, so they are fetched and shown from object URLs.
 */
export default function AttachmentsPanel({ record, title = '附件' }: { record: AttachmentRecord; title?: string }) {
  const [message, toastHolder] = toast.useMessage();
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<{ name: string; src: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const list = useLoad(
    () =>
      record.kind === 'interaction'
        ? ok(api.GET('/api/v1/interactions/{id}/attachments', { params: { path: { id: record.id } } }))
        : ok(api.GET('/api/v1/projects/{id}/attachments', { params: { path: { id: record.id } } })),
    [record.kind, record.id],
  );

  const upload = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    setUploading(true);
    try {
      const res = await authFetch(new Request(collection(record), { method: 'POST', body }));
      if (!res.ok) throw await toApiError(res);
      message.success(`已上传「${file.name}」`);
      list.reload();
    } catch (err) {
      // The service's own words: 文件超过 20 MB…, 不支持的文件类型…
      message.error(err instanceof ApiError ? err.message : '上传失败，请重试');
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
      if (cameraInput.current) cameraInput.current.value = '';
    }
  };

  const open = async (a: Attachment) => {
    try {
      if (!opensInline(a.contentType)) {
        await downloadFile(contentUrl(a.id, true), a.fileName);
      } else if (a.isImage) {
        setPreview({ name: a.fileName, src: await objectUrl(a.id) });
      } else {
        // A PDF in its own tab: the tab is opened at the click, before the await, so no popup blocker stops it.
        const tab = window.open('', '_blank');
        const src = await objectUrl(a.id);
        if (tab) tab.location.href = src;
        else await downloadFile(contentUrl(a.id, true), a.fileName);
      }
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '打开失败，请重试');
    }
  };

  const remove = async (a: Attachment) => {
    try {
      await ok(api.DELETE('/api/v1/attachments/{id}', { params: { path: { id: a.id } } }));
      message.success('已删除');
      list.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '删除失败，请重试');
    }
  };

  const items = list.data ?? [];
  return (
    <Card size="small" title={`${title}（${items.length}）`} style={{ marginBottom: 12 }} data-testid="attachments">
      {toastHolder}
      <div className="attachment-actions">
        <Button icon={<PaperClipOutlined />} loading={uploading} onClick={() => fileInput.current?.click()} data-testid="attachment-upload">
          上传文件
        </Button>
        <Button icon={<CameraOutlined />} disabled={uploading} onClick={() => cameraInput.current?.click()}>
          拍照上传
        </Button>
        <input ref={fileInput} type="file" accept={ACCEPT} hidden aria-label="选择要上传的文件" data-testid="attachment-file" onChange={(e) => void upload(e.target.files)} />
        {/* capture: a phone opens its camera directly; a desktop opens the file chooser. */}
        <input ref={cameraInput} type="file" accept="image/*" capture="environment" hidden aria-label="拍照上传" onChange={(e) => void upload(e.target.files)} />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12, color: '#595959' }}>
        合同、证照、现场照片等：支持图片（JPG、PNG、WEBP、HEIC）、PDF 和 Word、Excel、PowerPoint 文件
      </Typography.Text>
      {list.error && <Alert type="error" showIcon title={list.error.message} action={<Button onClick={list.reload}>重试</Button>} />}
      {items.length === 0 && !list.loading && !list.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" />
      ) : (
        <List
          loading={list.loading && items.length === 0}
          dataSource={items}
          renderItem={(a) => (
            <List.Item
              key={a.id}
              data-testid="attachment"
              actions={[
                <Button key="open" type="link" size="small" icon={opensInline(a.contentType) ? <EyeOutlined /> : <DownloadOutlined />} onClick={() => void open(a)}>
                  {opensInline(a.contentType) ? '查看' : '下载'}
                </Button>,
                ...(a.canDelete
                  ? [
                      <Popconfirm key="del" title={`删除「${a.fileName}」？`} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => remove(a)}>
                        <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${a.fileName}`}>
                          删除
                        </Button>
                      </Popconfirm>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                avatar={<Thumb a={a} />}
                title={<span style={{ wordBreak: 'break-all' }}>{a.fileName}</span>}
                description={
                  <span style={{ fontSize: 12, color: '#595959' }}>
                    {formatSize(a.sizeBytes)} · {a.uploadedBy.name} · {formatDate(a.createdAt)}
                    {a.note ? ` · ${a.note}` : ''}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Modal
        open={!!preview}
        title={preview?.name}
        footer={null}
        width={800}
        onCancel={() => {
          if (preview) URL.revokeObjectURL(preview.src);
          setPreview(undefined);
        }}
        destroyOnHidden
      >
        {preview && <img className="attachment-preview" src={preview.src} alt={preview.name} data-testid="attachment-preview" />}
      </Modal>
    </Card>
  );
}
