import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthSessionReadModel } from './auth-session.read-model';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginLocksController } from './login-locks.controller';
import { LoginLocksService } from './login-locks.service';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwt.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, LoginLocksController],
  providers: [AuthService, AuthRepository, AuthSessionReadModel, LoginLocksService, JwtStrategy],
  exports: [AuthService],
})
export class AuthModule {}
