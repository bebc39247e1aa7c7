/** 中国大陆手机号: 11 digits, 1[3-9]…; users' phones and enterprise contacts' mobiles share it. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
